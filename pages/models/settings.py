from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_noop
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from core.blocks import LinkBlock
from core.cache.settings import SharedCacheSettingMixin
from core.languages import fallback_language, text_in_active_language

# The standard disclaimer; its Spanish text is in locale/es (shown when editors leave the Spanish
# field empty).
PERSPECTIVE_DISCLAIMER = gettext_noop(
    "Please note, the information in a Komen Perspective is only current as of its posting date. "
    "Some information may be out of date."
)

# The standard tagline and description; their Spanish texts are in locale/es (shown on Spanish
# pages when editors leave the Spanish fields empty).
TAGLINE = gettext_noop("Breast cancer support, research and advocacy")
DEFAULT_DESCRIPTION = gettext_noop(
    "Trusted breast cancer information, the Breast Care Helpline, local Affiliates and "
    "message boards for everyone affected by breast cancer."
)
SPANISH_STANDARD = "Leave it empty for the standard Spanish text, or when the English one is empty for none."


@register_setting(icon="list-ul")
class SiteSettings(SharedCacheSettingMixin, BaseSiteSetting):
    """Site-wide text editors change without a developer."""

    organization_name = models.CharField(
        max_length=120, default="Susan G. Komen", help_text="Shown in the footer and page metadata."
    )
    tagline = models.CharField(
        max_length=120,
        default=TAGLINE,
        blank=True,
        help_text="Follows the organization's name in the home page's title in search results.",
    )
    tagline_es = models.CharField(
        max_length=120,
        blank=True,
        verbose_name="tagline (Spanish)",
        help_text=f"The tagline on the Spanish home page. {SPANISH_STANDARD}",
    )
    default_description = models.CharField(
        max_length=300,
        blank=True,
        default=DEFAULT_DESCRIPTION,
        help_text="The search-engine description of pages that have none of their own (search, sign-in, forms).",
    )
    default_description_es = models.CharField(
        max_length=300,
        blank=True,
        verbose_name="default description (Spanish)",
        help_text=f"The same for Spanish pages. {SPANISH_STANDARD}",
    )
    default_social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when a page without an image of its own is shared on social media. 1200×630 pixels works best.",
    )
    footer_text = models.TextField(
        blank=True, max_length=500, help_text="A short statement shown in the footer."
    )
    footer_text_es = models.TextField(
        blank=True,
        max_length=500,
        verbose_name="footer text (Spanish)",
        help_text="The statement in the footer of Spanish pages. Leave it empty to show the English one "
        "(marked as English for screen readers).",
    )
    footer_links = StreamField(
        [("link", LinkBlock())], blank=True, help_text="Links listed in the footer, in order."
    )

    perspective_disclaimer = models.CharField(
        max_length=300,
        default=PERSPECTIVE_DISCLAIMER,
        verbose_name="perspective disclaimer (English)",
        help_text="Shown on every perspective and next to every perspective teaser and listing.",
    )
    perspective_disclaimer_es = models.CharField(
        max_length=300,
        blank=True,
        verbose_name="perspective disclaimer (Spanish)",
        help_text="Shown on Spanish perspectives and their teasers. Leave it empty for the standard text: "
        "“Tenga en cuenta que la información de una Perspectiva de Komen solo está actualizada a la fecha "
        "de su publicación. Parte de la información puede estar desactualizada.”",
    )
    perspective_age_notice_years = models.PositiveSmallIntegerField(
        default=2,
        help_text="Perspectives at least this many years old also show a 'posted N years ago' notice. 0 turns it off.",
    )

    reading_grade_target = models.PositiveSmallIntegerField(
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(18)],
        verbose_name="target reading grade",
        help_text="Articles, perspectives and standard pages above this Flesch–Kincaid grade are flagged "
        "in the editor and listed in Reports → Reading level. Health-literacy guidance asks for 8 or lower.",
    )
    feedback_comment_retention_days = models.PositiveSmallIntegerField(
        default=180,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        verbose_name="keep feedback comments for (days)",
        help_text="Comments sent with 'Was this page helpful?' are deleted automatically after this many "
        "days; the Yes/No counts are kept.",
    )

    panels = [
        FieldPanel("organization_name"),
        MultiFieldPanel(
            [
                FieldPanel("tagline"),
                FieldPanel("tagline_es"),
                FieldPanel("default_description"),
                FieldPanel("default_description_es"),
                FieldPanel("default_social_image"),
            ],
            heading="Search engines and social sharing",
        ),
        FieldPanel("footer_text"),
        FieldPanel("footer_text_es"),
        FieldPanel("footer_links"),
        MultiFieldPanel(
            [
                FieldPanel("perspective_disclaimer"),
                FieldPanel("perspective_disclaimer_es"),
                FieldPanel("perspective_age_notice_years"),
            ],
            heading="Komen Perspectives",
        ),
        MultiFieldPanel(
            [FieldPanel("reading_grade_target"), FieldPanel("feedback_comment_retention_days")],
            heading="Readability and page feedback",
        ),
    ]

    class Meta:
        verbose_name = "site settings"

    @property
    def tagline_text(self):
        """The tagline in the active language (none when the English tagline is empty)."""
        return self.tagline and text_in_active_language(self, "tagline", standard=TAGLINE)

    @property
    def default_description_text(self):
        """The default description in the active language (none when the English one is empty)."""
        return self.default_description and text_in_active_language(
            self, "default_description", standard=DEFAULT_DESCRIPTION
        )

    @property
    def footer_text_in_language(self):
        """The footer statement in the active language, else the English one."""
        return text_in_active_language(self, "footer_text")

    @property
    def footer_text_fallback_language(self):
        """'en' when a Spanish page shows the English footer statement (for its lang attribute)."""
        return fallback_language(self, "footer_text")

    @property
    def perspective_disclaimer_text(self):
        """The disclaimer in the active language: the editors' text for it; else the standard
        one's translation while the English disclaimer is the standard one; else the English."""
        return text_in_active_language(self, "perspective_disclaimer", standard=PERSPECTIVE_DISCLAIMER)

    @property
    def perspective_disclaimer_fallback_language(self):
        """'en' when a Spanish page shows the English disclaimer (for its lang attribute)."""
        return fallback_language(self, "perspective_disclaimer", standard=PERSPECTIVE_DISCLAIMER)
