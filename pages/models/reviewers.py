from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from core.images import image_alt_errors


class Reviewer(index.Indexed, models.Model):
    """A named medical reviewer. Approving the 'Medical review' task as the linked user records them."""

    name = models.CharField(max_length=120, help_text="As shown on articles, e.g. 'Dr. Jane Smith'.")
    credentials = models.CharField(
        max_length=200, help_text="Qualifications and role, e.g. 'MD, medical oncologist'."
    )
    bio = models.TextField(
        blank=True, max_length=800, help_text="A short biography for 'Our medical reviewers'."
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional portrait, shown on 'Our medical reviewers'.",
    )
    photo_alt = models.CharField(
        "photo alt text",
        max_length=250,
        blank=True,
        help_text="What the photo shows for people who cannot see it, e.g. 'Dr. Jane Smith in her clinic'. "
        "Required unless the photo is decorative.",
    )
    photo_decorative = models.BooleanField(
        "photo is decorative",
        default=False,
        help_text="Tick when the photo adds nothing to the name printed beside it; screen readers then skip it.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="medical_reviewer",
        help_text="The admin account this reviewer approves with. Their approvals name them on articles.",
    )
    active = models.BooleanField(
        default=True, help_text="Inactive reviewers stay on the articles they reviewed but are not listed."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("credentials"),
        FieldPanel("bio"),
        MultiFieldPanel(
            [FieldPanel("photo"), FieldPanel("photo_alt"), FieldPanel("photo_decorative")], heading="Photo"
        ),
        MultiFieldPanel([FieldPanel("user"), FieldPanel("active")], heading="Account"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("credentials"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.credentials}"

    def clean(self):
        super().clean()
        errors = image_alt_errors(self.photo, self.photo_alt, self.photo_decorative, "photo")
        if errors:
            raise ValidationError(errors)

    @property
    def photo_alt_text(self):
        return "" if self.photo_decorative else self.photo_alt
