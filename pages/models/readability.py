"""The stored reading level of articles, perspectives and standard pages, and the editor's panel."""

from django import forms
from django.db import models
from django.urls import reverse
from wagtail.admin.panels import Panel

from pages import readability

from .settings import SiteSettings


class ReadingLevel(models.Model):
    """The Flesch–Kincaid grade of a page's latest saved text (draft or published).

    Kept apart from the page tables so the "Reading level" report lists every page type
    from one table; written whenever the page or a new revision of it is saved."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="reading_level"
    )
    grade = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    words = models.PositiveIntegerField(default=0)
    sentences = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "reading level"

    def __str__(self):
        return f"{self.page_id}: grade {self.grade}"


def target_grade(request=None, site=None):
    settings = SiteSettings.for_request(request) if request is not None else SiteSettings.for_site(site)
    return settings.reading_grade_target


class ReadabilityMixin(models.Model):
    """Pages whose visible text gets a reading grade (see `pages.readability`).

    `readability_fields` names the plain-text fields read before the `body` StreamField."""

    readability_fields = ()

    class Meta:
        abstract = True

    def readability(self, target=readability.DEFAULT_TARGET_GRADE):
        return readability.analyse(readability.page_texts(self), target)

    def store_reading_level(self):
        result = self.readability()
        ReadingLevel.objects.update_or_create(
            page_id=self.pk,
            defaults={"grade": result.grade, "words": result.words, "sentences": result.sentences},
        )

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        # A full save (create, publish) or the save that records a new revision
        # (`save_revision` passes `latest_revision`); moves and counters change no text.
        if update_fields is None or "latest_revision" in update_fields:
            self.store_reading_level()


class ReadabilityPanel(Panel):
    """'Reading level' while editing: the grade of the text as it was last loaded, recalculated
    from the form as the editor types (pages/static/pages/js/readability-panel.js posts the form
    to the `readability_check` admin view) or with the 'Recalculate' button."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Reading level")
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "pages/panels/readability_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            model = type(self.instance)
            target = target_grade(self.request)
            context["result"] = self.instance.readability(target)
            context["check_url"] = reverse(
                "readability_check", args=[model._meta.app_label, model._meta.model_name]
            )
            return context

        @property
        def media(self):
            return forms.Media(
                js=["pages/js/readability-panel.js"], css={"all": ["pages/css/readability-panel.css"]}
            )
