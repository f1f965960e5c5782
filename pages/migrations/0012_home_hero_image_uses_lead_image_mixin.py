"""The home hero's image fields become LeadImageMixin's (issue 14): renamed, so the data stays,
and renamed inside the home page's revisions too, so a draft or a revert keeps its hero image."""

import django.db.models.deletion
from django.db import migrations, models

RENAMES = {
    "hero_image": "lead_image",
    "hero_image_alt": "lead_image_alt",
    "hero_image_decorative": "lead_image_decorative",
    "hero_image_credit": "lead_image_credit",
}


def rename_in_revisions(apps, renames):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    home_type = ContentType.objects.filter(app_label="pages", model="homepage").first()
    if home_type is None:
        return
    for revision in Revision.objects.filter(content_type=home_type).iterator():
        content = revision.content
        if not any(old in content for old in renames):
            continue
        revision.content = {renames.get(key, key): value for key, value in content.items()}
        revision.save(update_fields=["content"])


def forwards(apps, schema_editor):
    rename_in_revisions(apps, RENAMES)


def backwards(apps, schema_editor):
    rename_in_revisions(apps, {new: old for old, new in RENAMES.items()})


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('pages', '0011_glossary_terms_page_and_article_switches'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
    ]

    operations = [
        migrations.RenameField(model_name='homepage', old_name='hero_image', new_name='lead_image'),
        migrations.RenameField(model_name='homepage', old_name='hero_image_alt', new_name='lead_image_alt'),
        migrations.RenameField(
            model_name='homepage', old_name='hero_image_decorative', new_name='lead_image_decorative'
        ),
        migrations.RenameField(model_name='homepage', old_name='hero_image_credit', new_name='lead_image_credit'),
        migrations.AlterField(
            model_name='homepage',
            name='lead_image',
            field=models.ForeignKey(blank=True, help_text='Optional image under the title (cropped to 16:9).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image'),
        ),
        migrations.AlterField(
            model_name='homepage',
            name='lead_image_alt',
            field=models.CharField(blank=True, help_text='What the image shows, for people who cannot see it. Required unless the image is decorative.', max_length=250, verbose_name='lead image alt text'),
        ),
        migrations.AlterField(
            model_name='homepage',
            name='lead_image_decorative',
            field=models.BooleanField(default=False, help_text='Tick when the image adds nothing the text does not say; screen readers then skip it.', verbose_name='lead image is decorative'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
