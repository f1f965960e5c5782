"""The glossary: terms (a translatable snippet), the A–Z glossary page with its abbreviations
list, and the switch that marks terms in articles (pages/glossary.py does the marking).

Terms are translated like pages (wagtail-localize's "Translate" on the snippet): a page marks,
and its glossary page lists, the terms of its own locale only. A term without a Spanish
translation is neither listed on the Spanish glossary nor marked in Spanish articles; the
boards' abbreviations page in Spanish falls back to it (in English) so no abbreviation members
use goes unexplained (docs/i18n.md).
"""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.models import BasePage
from core.text import clean_query
from pages.glossary import (
    NON_LETTER_GROUP,
    Entry,
    Glossary,
    letter_of,
    letters_for,
    sort_key,
    split_forms,
    term_anchor,
)


class GlossaryTerm(TranslatableMixin, index.Indexed, models.Model):
    """A health term in plain language, e.g. 'Metastatic breast cancer' (MBC), in one locale."""

    term = models.CharField(
        _("term"), max_length=100, help_text=_("As listed in the glossary, e.g. 'Biopsy'.")
    )
    slug = models.SlugField(
        max_length=120,
        blank=True,
        help_text=_(
            "The glossary entry's address (#term-…). Filled in from the term; keep it when renaming "
            "so links to the entry keep working."
        ),
    )
    variants = models.TextField(
        _("plurals and variants"),
        blank=True,
        max_length=500,
        help_text=_(
            "Other forms that mean the same term, separated by commas, e.g. 'biopsies, needle biopsy'. "
            "Matched in any case."
        ),
    )
    abbreviations = models.CharField(
        _("also known as (abbreviations)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Abbreviations, separated by commas, e.g. 'MBC' or 'HER2+'. Matched in this exact case, and "
            "listed on the boards' abbreviations page."
        ),
    )
    definition = models.TextField(
        _("plain-language definition"),
        max_length=600,
        help_text=_("One or two short sentences a reader new to the term understands. Plain text."),
    )
    learn_more_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("learn more page"),
        help_text=_("Optional page that explains the term in depth."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("term"),
        FieldPanel("definition"),
        MultiFieldPanel(
            [FieldPanel("variants"), FieldPanel("abbreviations")], heading=_("Other ways to say it")
        ),
        FieldPanel("learn_more_page"),
        FieldPanel("slug"),
    ]
    # Translators translate the words; the slug (the entry's #term-… anchor) and the "learn more"
    # page are copied from the source. Editors may change both on the translation, and the page
    # is shown in the term's language when it has a live translation (`localize_learn_more`).
    translatable_fields = [
        TranslatableField("term"),
        TranslatableField("definition"),
        TranslatableField("variants"),
        TranslatableField("abbreviations"),
        SynchronizedField("slug"),
        SynchronizedField("learn_more_page"),
    ]
    search_fields = [
        index.SearchField("term"),
        index.AutocompleteField("term"),
        index.SearchField("abbreviations"),
        index.SearchField("variants"),
        index.SearchField("definition"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["term"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [
            models.UniqueConstraint(fields=["term", "locale"], name="unique_glossary_term_per_locale"),
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_glossary_slug_per_locale"),
        ]

    def __str__(self):
        return self.term

    def clean(self):
        super().clean()
        # The form has no locale field, so Django's constraint validation skips the per-locale
        # uniqueness: check it here for a form error rather than a database error.
        locale_id = self.locale_id or self.get_default_locale().pk
        same_locale = GlossaryTerm.objects.filter(locale_id=locale_id).exclude(pk=self.pk)
        errors = {}
        if self.term and same_locale.filter(term=self.term).exists():
            errors["term"] = _("This language already has a glossary term with this name.")
        if self.slug and same_locale.filter(slug=self.slug).exists():
            errors["slug"] = _("Another glossary term in this language has this slug.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.locale_id is None:  # Wagtail's pre_save would set it, but the slug depends on it
            self.locale = self.get_default_locale()
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def unique_slug(self):
        base = slugify(self.term)[:110] or "term"
        slug, number = base, 1
        same_locale = GlossaryTerm.objects.filter(locale_id=self.locale_id)
        while same_locale.filter(slug=slug).exclude(pk=self.pk).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    @property
    def variant_list(self):
        return split_forms(self.variants)

    @property
    def abbreviation_list(self):
        return split_forms(self.abbreviations)

    @property
    def anchor(self):
        return term_anchor(self.slug)

    def as_entry(self):
        return Entry(
            key=self.pk,
            term=self.term,
            slug=self.slug,
            definition=self.definition,
            variants=tuple(self.variant_list),
            abbreviations=tuple(self.abbreviation_list),
        )


class GlossaryPage(RoutablePageMixin, BasePage):
    """The A–Z glossary, with search, and the boards' 'Abbreviations used on the boards'."""

    intro = models.TextField(blank=True, max_length=600, help_text=_("Shown above the A–Z list."))
    abbreviations_intro = models.TextField(
        blank=True,
        max_length=600,
        help_text=_("Shown above the list of abbreviations (at …/abbreviations/, linked from the boards)."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("abbreviations_intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1
    page_description = _(
        "The A–Z glossary of health terms (Health content → Glossary terms) and the boards' "
        "abbreviations list."
    )

    class Meta:
        verbose_name = _("glossary page")

    def get_cached_paths(self):
        # The CDN purge (core/cache/purge.py) sends these for the page: both routes show terms.
        return ["/", "/abbreviations/"]

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        return urls + [{**urls[0], "location": urls[0]["location"] + "abbreviations/"}] if urls else urls

    @property
    def language(self):
        return self.locale.language_code

    @path("")
    def glossary(self, request):
        query, truncated = clean_query(request.GET.get("q", ""))
        terms = GlossaryTerm.objects.filter(locale_id=self.locale_id).select_related("learn_more_page")
        if query:
            terms = terms.filter(
                Q(term__icontains=query)
                | Q(variants__icontains=query)
                | Q(abbreviations__icontains=query)
                | Q(definition__icontains=query)
            )
        language = self.language
        terms = sorted(terms, key=lambda term: sort_key(term.term, language))
        localize_learn_more(terms, self.locale_id)
        groups = {}
        for term in terms:
            groups.setdefault(letter_of(term.term, language), []).append(term)
        letters = [*letters_for(language), NON_LETTER_GROUP]
        return self.render(
            request,
            context_overrides={
                "query": query,
                "query_truncated": truncated,
                "terms": terms,
                "groups": [(letter, groups[letter]) for letter in letters if letter in groups],
                "letters": [(letter, letter in groups) for letter in letters[:-1]],
            },
        )

    @path("abbreviations/", name="abbreviations")
    def abbreviations(self, request):
        return self.render(
            request,
            context_overrides={
                "rows": self.abbreviation_rows(request),
                "canonical_url": self.full_url + self.reverse_subpage("abbreviations"),
            },
            template="pages/glossary_abbreviations_page.html",
        )

    def abbreviation_rows(self, request):
        """[AbbreviationRow] sorted by abbreviation: the terms of this page's locale; in a
        translation, also the source locale's terms that have none here yet (in that language,
        linked to its glossary) and the source's abbreviations where a translated term has none."""
        own_url = self.get_url(request)
        rows = []
        terms = list(GlossaryTerm.objects.filter(locale_id=self.locale_id))
        default = Locale.get_default()  # the locale translations are made from
        sources = {}
        fallback_url = None
        if self.locale_id != default.pk:
            sources = {
                term.translation_key: term
                for term in GlossaryTerm.objects.filter(locale_id=default.pk).exclude(abbreviations="")
            }
            source_page = (
                GlossaryPage.objects.live()
                .public()
                .filter(locale_id=default.pk, translation_key=self.translation_key)
            ).first()
            fallback_url = source_page.get_url(request) if source_page else None
        for term in terms:
            source = sources.pop(term.translation_key, None)
            abbreviations = term.abbreviation_list or (source.abbreviation_list if source else [])
            rows += [AbbreviationRow(abbreviation, term, own_url, "") for abbreviation in abbreviations]
        for term in sources.values():  # not translated yet
            rows += [
                AbbreviationRow(abbreviation, term, fallback_url, default.language_code)
                for abbreviation in term.abbreviation_list
            ]
        return sorted(rows, key=lambda row: (row.abbreviation.casefold(), row.term.term))


class AbbreviationRow:
    """One line of the abbreviations page: `language` is set when the term is in another
    language than the page (an untranslated term), `glossary_url` is the glossary listing it."""

    def __init__(self, abbreviation, term, glossary_url, language):
        self.abbreviation = abbreviation
        self.term = term
        self.glossary_url = glossary_url
        self.language = language

    @property
    def url(self):
        return f"{self.glossary_url}#{self.term.anchor}" if self.glossary_url else ""


def localize_learn_more(terms, locale_id):
    """Set `learn_more` on each term: its "learn more" page in `locale_id` when that translation
    is live, else the page itself when live, else None (and `learn_more_language`, the page's
    language when it is another). Two queries for any number of terms."""
    pages = [term.learn_more_page for term in terms if term.learn_more_page_id]
    keys = {page.translation_key for page in pages if page.locale_id != locale_id}
    translations = (
        {
            page.translation_key: page
            for page in Page.objects.live().filter(locale_id=locale_id, translation_key__in=keys)
        }
        if keys
        else {}
    )
    languages = dict(Locale.objects.values_list("pk", "language_code")) if keys else {}
    for term in terms:
        page = term.learn_more_page if term.learn_more_page_id else None
        if page is not None and page.locale_id != locale_id:
            page = translations.get(page.translation_key, page)
        term.learn_more = page if page is not None and page.live else None
        # The page's language when it is not the glossary's (an untranslated page): hreflang.
        term.learn_more_language = (
            languages.get(page.locale_id, "") if term.learn_more and page.locale_id != locale_id else ""
        )
    return terms


def glossary_for(request, locale_id):
    """A fresh `Glossary` of the terms in one locale, linked to that locale's live glossary page
    (empty without one: a Spanish page marks no term until the Spanish glossary is live)."""
    page = GlossaryPage.objects.live().public().filter(locale_id=locale_id).first()
    if page is None:
        return Glossary([], None)
    entries = [term.as_entry() for term in GlossaryTerm.objects.filter(locale_id=locale_id)]
    return Glossary(entries, page.get_url(request))


class GlossaryMarkupMixin(models.Model):
    """Pages whose rich text marks the first use of each glossary term (`pages/glossary.py`)."""

    mark_glossary_terms = models.BooleanField(
        _("define glossary terms"),
        default=True,
        help_text=_(
            "Mark the first use of each glossary term in the body, with its definition one click away."
        ),
    )

    glossary_panels = [FieldPanel("mark_glossary_terms")]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: when the body comes from the revision cache (`cached_stream`) no term is read.
        context["glossary"] = (
            SimpleLazyObject(partial(glossary_for, request, self.locale_id))
            if self.mark_glossary_terms
            else None
        )
        return context
