"""Glossary terms written before issue 20 are English: each gets the default locale and a
translation key of its own (Wagtail's "Adding a locale to existing snippets", step 2)."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0018_glossary_term_bootstrap_locale"),
    ]

    operations = [BootstrapTranslatableModel("pages.GlossaryTerm")]
