"""Existing health topics and sources are English: give each row the default locale and a
translation key of its own (Wagtail's "Adding a locale to existing snippets", step 2)."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ('pages', '0022_bootstrap_translatable_topics_and_sources'),
    ]

    operations = [
        BootstrapTranslatableModel("pages.HealthTopic"),
        BootstrapTranslatableModel("pages.Source"),
    ]
