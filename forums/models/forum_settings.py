"""The boards' site settings: text and limits editors change in the Wagtail admin."""

import hashlib

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_noop
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from core.cache.settings import OwnKeySettingMixin
from core.languages import fallback_language, text_in_active_language

# The standard notice; its Spanish text is in locale/es (shown when editors leave the Spanish
# field empty).
CRISIS_NOTICE = gettext_noop(
    "If you are in crisis or thinking about harming yourself, call or text 988 (Suicide & Crisis "
    "Lifeline) or call 911 now. Our moderators are volunteers and do not watch the boards around "
    "the clock."
)


class LimitField(models.PositiveSmallIntegerField):
    """A number editors set that the boards' limits divide or count by. Its validators' bounds
    also become the admin's number input range, so the range is visible before saving."""

    def formfield(self, **kwargs):
        for validator in self.validators:
            if isinstance(validator, MinValueValidator):
                kwargs.setdefault("min_value", validator.limit_value)
            elif isinstance(validator, MaxValueValidator):
                kwargs.setdefault("max_value", validator.limit_value)
        return super().formfield(**kwargs)


@register_setting(icon="group")
class ForumSettings(OwnKeySettingMixin, BaseSiteSetting):
    """Message-board text and limits editors can change."""

    crisis_notice = models.TextField(
        max_length=600,
        default=CRISIS_NOTICE,
        verbose_name="crisis notice (English)",
        help_text="Shown on every board and topic page. Say where to get help right now.",
    )
    crisis_notice_es = models.TextField(
        max_length=600,
        blank=True,
        verbose_name="crisis notice (Spanish)",
        help_text="Shown on the Spanish board and topic pages. Leave it empty for the standard text: "
        "“Si está en crisis o piensa en hacerse daño, llame o envíe un mensaje de texto al 988 (Línea "
        "de Prevención del Suicidio y Crisis) o llame al 911 ahora. Nuestros moderadores son "
        "voluntarios y no vigilan los foros a toda hora.”",
    )
    guidelines_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The community guidelines page linked from sign-up and every board.",
    )
    new_member_days = LimitField(
        validators=[MinValueValidator(0), MaxValueValidator(365)],
        default=7,
        help_text="Members count as new for this many days after joining (0 to 365).",
    )
    new_member_posts_per_window = LimitField(
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        default=3,
        help_text="How many posts a new member may make per rate-limit window (1 to 100).",
    )
    posts_per_window = LimitField(
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        default=10,
        help_text="How many posts an established member may make per rate-limit window (1 to 500).",
    )
    rate_window_minutes = LimitField(
        validators=[MinValueValidator(1), MaxValueValidator(1440)],
        default=10,
        help_text="Length of the posting rate-limit window, in minutes (1 to 1440, one day).",
    )
    reports_per_hour = LimitField(
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        default=10,
        help_text="How many posts one member may report per hour (1 to 100).",
    )
    new_member_max_links = LimitField(
        validators=[MinValueValidator(0), MaxValueValidator(50)],
        default=2,
        help_text="A new member's post with more links than this is held for a moderator (0: any link), on "
        "every board, whatever the board's pre-moderation setting (at most 50).",
    )
    reactions = models.TextField(
        default="Thank you\nSending hugs\nMe too",
        blank=True,
        help_text="Supportive reactions members can add to posts, one a line (up to 40 characters each).",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("crisis_notice"), FieldPanel("crisis_notice_es")], heading="Crisis notice"
        ),
        FieldPanel("guidelines_page"),
        MultiFieldPanel(
            [
                FieldPanel("new_member_days"),
                FieldPanel("new_member_posts_per_window"),
                FieldPanel("posts_per_window"),
                FieldPanel("rate_window_minutes"),
                FieldPanel("reports_per_hour"),
                FieldPanel("new_member_max_links"),
            ],
            heading="Limits",
        ),
        FieldPanel("reactions"),
    ]

    class Meta:
        verbose_name = "message board settings"

    @property
    def crisis_notice_text(self):
        """The notice in the active language: the editors' text for it; else the standard one's
        translation while the English notice is the standard one; else the English notice."""
        return text_in_active_language(self, "crisis_notice", standard=CRISIS_NOTICE)

    @property
    def crisis_notice_fallback_language(self):
        """'en' when a Spanish page shows the English notice (for its lang attribute)."""
        return fallback_language(self, "crisis_notice", standard=CRISIS_NOTICE)

    @property
    def support_box_key(self):
        """Everything of these settings the boards' support box shows, as a key part: the box is
        kept as a fragment per key, language and page-cache generation (the helpline and the
        guidelines page's publishing replace the generation; a save here gives a new key)."""
        page = self.guidelines_page
        parts = [
            self.crisis_notice,
            self.crisis_notice_es,
            str(self.guidelines_page_id),
            page.url_path if page else "",
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]

    def prepare_for_shared_cache(self):
        # Cached with the setting (core.cache.settings.OwnKeySettingMixin): the board and topic
        # pages link to the guidelines page on every render, which otherwise costs a query.
        # A moved or renamed guidelines page shows within OWN_KEY_SECONDS.
        _ = self.guidelines_page

    def reaction_labels(self):
        return list(dict.fromkeys(line.strip()[:40] for line in self.reactions.splitlines() if line.strip()))
