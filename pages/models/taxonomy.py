import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")


class LocalizedQuerySet(models.QuerySet):
    """Translatable snippets shown in a page's language, with the default language as fallback.

    A page may point at a snippet in any language (a translated page keeps its source's topics
    and cites its source's `Source` ids), so the language shown is chosen when reading."""

    def localized(self, locale_id):
        """One object per translation key among these rows, in the model's order: its version
        in `locale_id` when there is one, else the default language's, else the row itself.
        One query."""
        return pick_versions(self.all_versions(), locale_id)

    def localized_by_pk(self, locale_id):
        """{pk of each of these rows: its version to show in `locale_id`} (see `localized`).
        One query."""
        versions = list(
            self.all_versions().annotate(is_row=models.Exists(self.filter(pk=models.OuterRef("pk"))))
        )
        shown = {version.translation_key: version for version in pick_versions(versions, locale_id)}
        return {version.pk: shown[version.translation_key] for version in versions if version.is_row}

    def by_slug(self, slug, locale_id):
        """The object with this slug in any language, shown in `locale_id` (a link from the
        other language's page finds the same object in this language): this language's own
        object with the slug when there is one, else the first match's version; None when no
        object has the slug. One query."""
        slug = slug[: self.model._meta.get_field("slug").max_length]
        found = self.filter(slug=slug).localized(locale_id)
        if not found:
            return None
        return next((obj for obj in found if obj.slug == slug and obj.locale_id == locale_id), found[0])

    def all_versions(self):
        """Every language's version of these rows (one query when evaluated)."""
        return (
            self.model._default_manager.filter(translation_key__in=self.values("translation_key"))
            .select_related("locale")
            .order_by(*self.model._meta.ordering, "pk")
        )


def pick_versions(versions, locale_id):
    """From every version of some objects, one per translation key, in the given order: the
    one in `locale_id`, else the default language's, else the first."""
    default_language = get_supported_language_variant(settings.LANGUAGE_CODE)

    def rank(version):
        if version.locale_id == locale_id:
            return 0
        return 1 if version.locale.language_code == default_language else 2

    versions = list(versions)
    best = {}
    for version in versions:
        current = best.get(version.translation_key)
        if current is None or rank(version) < rank(current):
            best[version.translation_key] = version
    chosen = {version.pk for version in best.values()}
    return [version for version in versions if version.pk in chosen]


def localize(objects, locale_id):
    """`LocalizedQuerySet.localized` for a queryset or, in previews (modelcluster's in-memory
    relations), a list of objects."""
    if isinstance(objects, models.QuerySet):
        return objects.localized(locale_id)
    objects = list(objects)
    if not objects:
        return []
    model = type(objects[0])
    return model._default_manager.filter(pk__in=[obj.pk for obj in objects]).localized(locale_id)


class TopicsOfTheSource:
    """Stands in for the `topics` field in wagtail-localize's copy of synchronised fields.

    wagtail-localize copies a `ParentalManyToManyField` only when the source's list is not
    empty, so removing every topic from the source would leave the translation's. Handed this
    instead of the field, it takes its plain-attribute path, `setattr(target, attname,
    getattr(source, attname))`, which copies the whole list, empty included, through
    `TopicsFollowTheSourceMixin.topics_of_the_source`. It is no Django field, so segment
    extraction skips it (the topics are not text to translate)."""

    name = attname = "topics_of_the_source"


class TopicsFollowTheSource(SynchronizedField):
    def get_field(self, model):
        return TopicsOfTheSource


class TopicsFollowTheSourceMixin:
    """For pages with `topics` listed in `override_translatable_fields` as
    `TOPICS_FOLLOW_THE_SOURCE`: the list wagtail-localize copies to a translation."""

    @property
    def topics_of_the_source(self):
        return list(self.topics.all())

    @topics_of_the_source.setter
    def topics_of_the_source(self, topics):
        self.topics = topics


# A page's topics are copied to its translations each time wagtail-localize updates them
# (it leaves many-to-many fields alone otherwise, so a translation would keep the topics it
# was created with), an emptied list included. The translation points at the same topics as
# its source, which pages show in their own language (`localize`); an editor may still tag a
# translation with other topics, which the next update from the source replaces.
TOPICS_FOLLOW_THE_SOURCE = TopicsFollowTheSource("topics", overridable=False)


class TopicsInPageLanguageForm(WagtailAdminPageForm):
    """The page editor's topic checkboxes list the topics in the page's language, and any the
    page already has (a translation keeps its source's), not every language's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("topics")
        locale_id = getattr(self.instance, "locale_id", None)
        if field is None or locale_id is None:
            return
        ticked = [getattr(topic, "pk", topic) for topic in self.initial.get("topics") or []]
        field.queryset = field.queryset.filter(models.Q(locale_id=locale_id) | models.Q(pk__in=ticked))


class PerLocaleUniqueMixin:
    """Unique-per-locale constraints (`locale` and one field) checked in forms too, with the
    error on the field. The locale is set by the snippet views and by wagtail-localize, never a
    form field, so Django would skip the check and the database would answer an IntegrityError;
    and an error on the field is one wagtail-localize can show on that field's translation."""

    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ())
        errors = {}
        for constraint in self._meta.constraints if self.locale_id else ():
            others = set(getattr(constraint, "fields", ())) - {"locale"}
            if "locale" in getattr(constraint, "fields", ()) and len(others) == 1 and not others & exclude:
                try:
                    constraint.validate(type(self), self, exclude=exclude - {"locale"})
                except ValidationError as error:
                    errors.setdefault(others.pop(), []).extend(error.messages)
        try:
            super().validate_constraints(exclude=exclude | {"locale"})
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


class HealthTopic(PerLocaleUniqueMixin, TranslatableMixin, index.Indexed, models.Model):
    """A subject shared by articles and perspectives, e.g. 'Treatment'. Translatable: name,
    slug and description are translated (wagtail-localize), unique within each language."""

    name = models.CharField(max_length=80, help_text="Shown on pages and in topic listings.")
    slug = models.SlugField(
        max_length=80,
        blank=True,
        help_text="Used in the topic's web address. Filled in from the name.",
    )
    description = models.TextField(
        blank=True, max_length=400, help_text="One or two sentences for the topic page."
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("slug"),
        TranslatableField("description"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    objects = LocalizedQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        # Not a forum topic (forums.Topic, a board thread) nor a resource's free tags.
        verbose_name = "health topic"
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "name"],
                name="unique_health_topic_name_per_locale",
                violation_error_message=_("A topic with this name already exists in this language."),
            ),
            models.UniqueConstraint(
                fields=["locale", "slug"],
                name="unique_health_topic_slug_per_locale",
                violation_error_message=_("A topic with this slug already exists in this language."),
            ),
        ]

    def __str__(self):
        return self.name

    def tagged(self, related_name, locale_id):
        """Pages in `locale_id` tagged with this topic in any language (`articles`,
        `perspectives`): a translated page points at its source's topics, and an editor may
        tick either version."""
        relation = self._meta.get_field(related_name)
        model = relation.related_model
        tagged = model.objects.filter(**{f"{relation.field.name}__translation_key": self.translation_key})
        return model.objects.filter(locale_id=locale_id, pk__in=tagged.values("pk"))

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:80]
        super().save(*args, **kwargs)


class Source(TranslatableMixin, index.Indexed, models.Model):
    """A publication cited by articles. Managed once; numbered per page when cited.

    Translatable: a translation copies the source and keeps it in step with it; its title,
    publisher and link may be overridden (a Spanish title, the Spanish version of a web page),
    and its note is translated.
    Pages cite the source's id in any language and show the translation in theirs."""

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
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional, shown after the source, e.g. 'Summary for patients.' Translated with the source.",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("authors"),
        MultiFieldPanel(
            [FieldPanel("publisher"), FieldPanel("year"), FieldPanel("details")], heading="Publication"
        ),
        MultiFieldPanel(
            [FieldPanel("url"), FieldPanel("doi"), FieldPanel("accessed")], heading="Where to find it"
        ),
        FieldPanel("note"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("authors"),
        index.SearchField("publisher"),
        index.AutocompleteField("title"),
    ]

    # Publication titles usually stay as published, so nothing must be translated; the
    # translator may override what reads differently in the page's language.
    translatable_fields = [
        SynchronizedField("title"),
        SynchronizedField("authors", overridable=False),
        SynchronizedField("publisher"),
        SynchronizedField("year", overridable=False),
        SynchronizedField("details", overridable=False),
        SynchronizedField("url"),
        SynchronizedField("doi", overridable=False),
        SynchronizedField("accessed", overridable=False),
        TranslatableField("note"),
    ]

    objects = LocalizedQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
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
