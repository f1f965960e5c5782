"""The glossary: terms (a snippet), the A–Z glossary page with its abbreviations list, and
the switch that marks terms in articles (pages/glossary.py does the marking)."""

import string
from functools import partial

from django.db import models
from django.db.models import Q
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.search import index

from core.models import BasePage
from core.text import clean_query
from pages.glossary import Entry, Glossary, split_forms, term_anchor

NON_LETTER_GROUP = "#"


class GlossaryTerm(index.Indexed, models.Model):
    """A health term in plain language, e.g. 'Metastatic breast cancer' (MBC)."""

    term = models.CharField(
        _("term"), max_length=100, unique=True, help_text=_("As listed in the glossary, e.g. 'Biopsy'.")
    )
    slug = models.SlugField(
        max_length=120,
        unique=True,
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
    search_fields = [
        index.SearchField("term"),
        index.AutocompleteField("term"),
        index.SearchField("abbreviations"),
        index.SearchField("variants"),
        index.SearchField("definition"),
    ]

    class Meta:
        ordering = ["term"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def unique_slug(self):
        base = slugify(self.term)[:110] or "term"
        slug, number = base, 1
        while GlossaryTerm.objects.filter(slug=slug).exclude(pk=self.pk).exists():
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

    @property
    def letter(self):
        first = self.term[:1].upper()
        return first if first in string.ascii_uppercase else NON_LETTER_GROUP

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

    @path("")
    def glossary(self, request):
        query, truncated = clean_query(request.GET.get("q", ""))
        terms = GlossaryTerm.objects.select_related("learn_more_page")
        if query:
            terms = terms.filter(
                Q(term__icontains=query)
                | Q(variants__icontains=query)
                | Q(abbreviations__icontains=query)
                | Q(definition__icontains=query)
            )
        terms = list(terms)
        groups = {}
        for term in terms:
            groups.setdefault(term.letter, []).append(term)
        letters = [*string.ascii_uppercase, NON_LETTER_GROUP]
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
        rows = sorted(
            (
                (abbreviation, term)
                for term in GlossaryTerm.objects.exclude(abbreviations="")
                for abbreviation in term.abbreviation_list
            ),
            key=lambda row: (row[0].casefold(), row[1].term),
        )
        return self.render(
            request,
            context_overrides={
                "rows": rows,
                "canonical_url": self.full_url + self.reverse_subpage("abbreviations"),
            },
            template="pages/glossary_abbreviations_page.html",
        )


def glossary_for(request):
    """A fresh `Glossary` of every term, linked to the live glossary page (empty without one)."""
    page = GlossaryPage.objects.live().public().first()
    if page is None:
        return Glossary([], None)
    entries = [term.as_entry() for term in GlossaryTerm.objects.all()]
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
            SimpleLazyObject(partial(glossary_for, request)) if self.mark_glossary_terms else None
        )
        return context
