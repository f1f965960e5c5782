"""The Breast Care Helpline setting and its opening hours.

Models, registered with the app by `resources.models`, but kept outside that package: the
helpline block (resources/blocks.py) shows this setting, and the page models that use the
block import `resources.models`, so the setting sits below both."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from core.cache.settings import SharedCacheSettingMixin
from core.languages import fallback_language, text_in_active_language
from resources import helpline


@register_setting(icon="mail")
class HelplineSettings(SharedCacheSettingMixin, ClusterableModel, BaseSiteSetting):
    """The Breast Care Helpline: one place for its number, email and hours."""

    name = models.CharField(max_length=80, default="Breast Care Helpline")
    display_number = models.CharField(
        max_length=60,
        default="1-877 GO KOMEN (1-877-465-6636)",
        help_text="The number as people read it, e.g. '1-877 GO KOMEN (1-877-465-6636)'.",
    )
    dial_number = models.CharField(
        max_length=20,
        default="+18774656636",
        help_text="Digits for the tap-to-call link, with country code, e.g. +18774656636.",
    )
    email = models.EmailField(
        blank=True, default="helpline@komen.org", help_text="The helpline's email address."
    )
    note = models.TextField(
        blank=True,
        max_length=400,
        verbose_name="note (English)",
        help_text="A short description, e.g. 'Free, professional support for anyone with breast cancer questions.'",
    )
    note_es = models.TextField(
        blank=True,
        max_length=400,
        verbose_name="note (Spanish)",
        help_text="The note on Spanish pages and boards, e.g. 'Apoyo profesional y gratuito para cualquier "
        "persona con preguntas sobre el cáncer de seno.' Leave it empty to show the English note.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("display_number"),
                FieldPanel("dial_number"),
                FieldPanel("email"),
            ],
            heading="Contact",
        ),
        MultiFieldPanel([FieldPanel("note"), FieldPanel("note_es")], heading="Note"),
        InlinePanel("hours", heading="Opening hours (US Eastern time)", label="Opening hours"),
    ]

    class Meta:
        verbose_name = "helpline"

    def clean(self):
        super().clean()
        digits = self.dial_number.lstrip("+")
        if not digits.isdigit():
            raise ValidationError({"dial_number": "Use digits only, optionally starting with +."})

    @property
    def note_text(self):
        """The note in the active language (the English one where the Spanish is empty)."""
        return text_in_active_language(self, "note")

    @property
    def note_language(self):
        """'en' when `note_text` is the English note on a page in another language, else ''."""
        return fallback_language(self, "note")

    @property
    def tel_href(self):
        return f"tel:{self.dial_number}"

    def opening_hours(self):
        # Settings are cached per request, so the footer and every helpline block on a page
        # share one query for the hours.
        if getattr(self, "_opening_hours", None) is None:
            self._opening_hours = [(h.weekday, h.opens, h.closes) for h in self.hours.all()]
        return self._opening_hours

    def prepare_for_shared_cache(self):
        # Cached with the setting (core.cache.settings): the hours are saved with it and purge
        # it (PAGE_CACHE_SITEWIDE_MODELS), so no render reads them from the database.
        self.opening_hours()

    def save(self, *args, **kwargs):
        self._opening_hours = None
        return super().save(*args, **kwargs)

    def schedule_lines(self):
        return helpline.schedule_lines(self.opening_hours())

    def is_open(self, now=None):
        return helpline.is_open(self.opening_hours(), now)

    def status(self, now=None):
        return helpline.status(self.opening_hours(), now)


class HelplineHours(Orderable):
    setting = ParentalKey(HelplineSettings, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(choices=helpline.WEEKDAY_CHOICES)
    opens = models.TimeField(help_text="Opening time, US Eastern time.")
    closes = models.TimeField(help_text="Closing time, US Eastern time.")

    panels = [FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        HelplineSettings.forget_shared_cache(self.setting.site_id)  # its cached copy holds the hours

    def delete(self, *args, **kwargs):
        site_id = self.setting.site_id
        result = super().delete(*args, **kwargs)
        HelplineSettings.forget_shared_cache(site_id)
        return result

    class Meta(Orderable.Meta):
        verbose_name = "opening hours"
        verbose_name_plural = "opening hours"

    def clean(self):
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError({"closes": "Closing time must be after opening time."})
