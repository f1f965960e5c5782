import datetime

import django_filters
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import PageReportView

from pages.models import ConditionArticlePage


class OverdueReviewFilterSet(WagtailFilterSet):
    include_due_soon = django_filters.BooleanFilter(
        label="Also show reviews due in the next 30 days", method="filter_due_soon"
    )

    class Meta:
        model = ConditionArticlePage
        fields = ["live"]

    def filter_due_soon(self, queryset, name, value):
        return queryset  # the window is applied in the view's queryset


class OverdueReviewReportView(PageReportView):
    """Articles whose 'next review due' date has passed (or is close), oldest first."""

    page_title = "Overdue medical reviews"
    header_icon = "time"
    results_template_name = "pages/reports/overdue_reviews_results.html"
    index_url_name = "overdue_reviews"
    index_results_url_name = "overdue_reviews_results"
    filterset_class = OverdueReviewFilterSet
    list_export = ["title", "last_reviewed", "next_review_due", "status_string"]
    export_headings = {"last_reviewed": "Last reviewed", "next_review_due": "Next review due"}

    def get_filename(self):
        return f"overdue-medical-reviews-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        today = timezone.localdate()
        cutoff = today
        if self.request.GET.get("include_due_soon") == "true":
            cutoff = today + datetime.timedelta(days=30)
        self.queryset = (
            ConditionArticlePage.objects.filter(next_review_due__lt=cutoff)
            .order_by("next_review_due", "title")
            .select_related("latest_revision")
        )
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        for page in object_list:
            page.days_overdue = (today - page.next_review_due).days
            page.due_in = -page.days_overdue
        return object_list
