"""Glossary terms become translatable (step 3 of Wagtail's "Adding a locale to existing
snippets"): locale and translation key required, one row per (translation key, locale), and the
term and slug unique per locale rather than site-wide, so "Biopsia" can keep the slug "biopsy".

Going back: the old schema has one site-wide glossary, so translated terms (any locale but the
default) are deleted first; the English terms are kept."""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


def drop_translations(apps, schema_editor):
    GlossaryTerm = apps.get_model("pages", "GlossaryTerm")
    Locale = apps.get_model("wagtailcore", "Locale")
    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    if default is None:
        return
    GlossaryTerm.objects.exclude(locale=default).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('pages', '0019_glossary_term_fill_locale'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='glossaryterm',
            name='locale',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale'),
        ),
        migrations.AlterField(
            model_name='glossaryterm',
            name='slug',
            field=models.SlugField(blank=True, help_text="The glossary entry's address (#term-…). Filled in from the term; keep it when renaming so links to the entry keep working.", max_length=120),
        ),
        migrations.AlterField(
            model_name='glossaryterm',
            name='term',
            field=models.CharField(help_text="As listed in the glossary, e.g. 'Biopsy'.", max_length=100, verbose_name='term'),
        ),
        migrations.AlterField(
            model_name='glossaryterm',
            name='translation_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name='glossaryterm',
            unique_together={('translation_key', 'locale')},
        ),
        migrations.AddConstraint(
            model_name='glossaryterm',
            constraint=models.UniqueConstraint(fields=('term', 'locale'), name='unique_glossary_term_per_locale'),
        ),
        migrations.AddConstraint(
            model_name='glossaryterm',
            constraint=models.UniqueConstraint(fields=('slug', 'locale'), name='unique_glossary_slug_per_locale'),
        ),
        # Last, so that going back removes the translations before the site-wide uniqueness returns.
        migrations.RunPython(migrations.RunPython.noop, drop_translations),
    ]
