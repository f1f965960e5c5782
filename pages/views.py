import datetime

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Case, CharField, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page

from pages.models import ConditionArticlePage, ConditionIndexPage, Reviewer

DUE_SOON_DAYS = 30


def overdue_cutoff(include_due_soon):
    """Reviews due before this date are listed."""
    today = timezone.localdate()
    return today + datetime.timedelta(days=DUE_SOON_DAYS) if include_due_soon else today


def section_choices():
    return ConditionIndexPage.objects.order_by("title").values_list("pk", "title")


def language_name():
    """The page's language by name ("English", "Español"), for the report and its CSV."""
    return Case(
        *[When(locale__language_code=code, then=Value(name)) for code, name in settings.LANGUAGES],
        default=F("locale__language_code"),
        output_field=CharField(),
    )


class OverdueReviewFilterSet(WagtailFilterSet):
    include_due_soon = django_filters.BooleanFilter(
        label=f"Also show reviews due in the next {DUE_SOON_DAYS} days",
        method="filter_due_soon",
        widget=forms.CheckboxInput,
    )
    reviewer = django_filters.ModelChoiceFilter(queryset=Reviewer.objects.all(), label="Reviewer")
    section = django_filters.ChoiceFilter(choices=section_choices, label="Section", method="filter_section")
    language = django_filters.ChoiceFilter(
        choices=settings.LANGUAGES, label="Language", field_name="locale__language_code"
    )

    class Meta:
        model = ConditionArticlePage
        fields = ["live", "reviewer"]

    def filter_due_soon(self, queryset, name, value):
        """Unticked (the default), only reviews already overdue or never done; ticked, also those
        due within the next DUE_SOON_DAYS days."""
        cutoff = overdue_cutoff(include_due_soon=bool(value))
        return queryset.filter(Q(next_review_due__lt=cutoff) | Q(next_review_due__isnull=True))

    def filter_section(self, queryset, name, value):
        section = Page.objects.filter(pk=int(value)).first()
        return queryset.descendant_of(section) if section else queryset.none()


class OverdueReviewReportView(PageReportView):
    """Articles whose 'next review due' date has passed (or is close), or never reviewed; oldest first."""

    page_title = "Overdue medical reviews"
    header_icon = "time"
    results_template_name = "pages/reports/overdue_reviews_results.html"
    index_url_name = "overdue_reviews"
    index_results_url_name = "overdue_reviews_results"
    filterset_class = OverdueReviewFilterSet
    list_export = [
        "title",
        "section_title",
        "language",
        "last_reviewed",
        "reviewer_name",
        "next_review_due",
        "days_overdue",
        "status_string",
    ]
    export_headings = {
        "title": "Article",
        "section_title": "Section",
        "language": "Language",
        "last_reviewed": "Last reviewed",
        "reviewer_name": "Reviewer",
        "next_review_due": "Next review due",
        "days_overdue": "Overdue by (days)",
        "status_string": "Status",
    }

    def get_filename(self):
        return f"overdue-medical-reviews-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        # The widest window the report shows; the filter set's tick box narrows it to the overdue.
        cutoff = overdue_cutoff(include_due_soon=True)
        parent_title = ConditionIndexPage.objects.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
        ).values("title")[:1]
        self.queryset = (
            ConditionArticlePage.objects.filter(
                Q(next_review_due__lt=cutoff) | Q(next_review_due__isnull=True)
            )
            .annotate(
                section_title=Subquery(parent_title),
                reviewer_name=F("reviewer__name"),
                language=language_name(),
                language_code=F("locale__language_code"),
            )
            .order_by("next_review_due", "title")
            .select_related("latest_revision", "reviewer")
        )
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        for page in object_list:
            days = page.days_overdue
            page.due_in = -days if days is not None else None
        return object_list
