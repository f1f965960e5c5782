import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")


class HealthTopic(index.Indexed, models.Model):
    """A subject shared by articles, perspectives and resources, e.g. 'Treatment'."""

    name = models.CharField(max_length=80, unique=True, help_text="Shown on pages and in topic listings.")
    slug = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        help_text="Used in the topic's web address. Filled in from the name.",
    )
    description = models.TextField(
        blank=True, max_length=400, help_text="One or two sentences for the topic page."
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        # Not a forum topic (forums.Topic, a board thread) nor a resource's free tags.
        verbose_name = "health topic"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:80]
        super().save(*args, **kwargs)


class Source(index.Indexed, models.Model):
    """A publication cited by articles. Managed once; numbered per page when cited."""

    title = models.CharField(max_length=300, help_text="Title of the article, report or web page.")
    authors = models.CharField(
        max_length=300,
        blank=True,
        help_text="Authors as cited, e.g. 'Mariotto AB, Etzioni R, Hurlbert M, et al.'",
    )
    publisher = models.CharField(
        max_length=200,
        help_text="Journal, organization or publisher, e.g. 'Cancer Epidemiology, Biomarkers & Prevention'.",
    )
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1800), MaxValueValidator(2100)], help_text="Year of publication."
    )
    details = models.CharField(
        max_length=120, blank=True, help_text="Volume, issue and pages, e.g. '26(6):809-815'. Optional."
    )
    url = models.URLField(blank=True, max_length=500, help_text="Link to the source, if it is online.")
    doi = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="DOI",
        help_text="Digital Object Identifier, e.g. 10.1158/1055-9965.EPI-16-0889",
    )
    accessed = models.DateField(null=True, blank=True, help_text="For web pages: the date the page was read.")

    panels = [
        FieldPanel("title"),
        FieldPanel("authors"),
        MultiFieldPanel(
            [FieldPanel("publisher"), FieldPanel("year"), FieldPanel("details")], heading="Publication"
        ),
        MultiFieldPanel(
            [FieldPanel("url"), FieldPanel("doi"), FieldPanel("accessed")], heading="Where to find it"
        ),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("authors"),
        index.SearchField("publisher"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return f"{self.title} ({self.publisher}, {self.year})"

    def clean(self):
        self.doi = self.doi.strip().removeprefix("https://doi.org/").removeprefix("doi:").strip()
        if self.doi and not DOI_PATTERN.match(self.doi):
            raise ValidationError({"doi": "Enter a DOI like 10.1234/abcd (without https://doi.org/)."})

    @property
    def link(self):
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url
