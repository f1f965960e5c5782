"""Admin reports of 'Was this page helpful?': counts per page, and the comments themselves."""

import datetime

import django_filters
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import PageReportView, ReportView
from wagtail.admin.widgets import AdminDateInput
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from pages.models import PageFeedback
from pages.views_readability import PageEditColumn


def _no_op(queryset, name, value):
    return queryset  # dates are applied by the view (to the counts, not to the pages)


class DateRangeFilterSet(WagtailFilterSet):
    date_from = django_filters.DateFilter(label=_("From"), method=_no_op, widget=AdminDateInput)
    date_to = django_filters.DateFilter(label=_("To (inclusive)"), method=_no_op, widget=AdminDateInput)

    def date_range(self):
        """Aware datetimes [start, end) for the chosen dates; None for an open end."""
        form = self.form
        data = form.cleaned_data if form.is_valid() else {}
        start = data.get("date_from")
        end = data.get("date_to")
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(start, datetime.time.min, tz) if start else None
        end = (
            datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tz)
            if end
            else None
        )
        return start, end


class PageFeedbackFilterSet(DateRangeFilterSet):
    class Meta:
        model = Page
        fields = []


class FeedbackCommentFilterSet(DateRangeFilterSet):
    helpful = django_filters.BooleanFilter(label=_("Helpful"))
    page = django_filters.NumberFilter(label=_("Page ID"), field_name="page_id")
    with_comment = django_filters.BooleanFilter(
        label=_("Only answers with a comment"), method="filter_with_comment"
    )

    class Meta:
        model = PageFeedback
        fields = ["helpful", "page"]

    def filter_with_comment(self, queryset, name, value):
        return queryset.exclude(comment="") if value else queryset


def _in_range(prefix, start, end):
    condition = Q()
    if start:
        condition &= Q(**{f"{prefix}created_at__gte": start})
    if end:
        condition &= Q(**{f"{prefix}created_at__lt": end})
    return condition


class CommentsLinkColumn(Column):
    cell_template_name = "pages/reports/feedback_comments_cell.html"


class PageFeedbackReportView(PageReportView):
    """Pages with feedback in the chosen dates: Yes, No, comments; most answers first."""

    page_title = _("Page feedback")
    # The generic listing (our columns, sortable headers), not the page explorer's listing.
    results_template_name = "wagtailadmin/reports/base_report_results.html"
    header_icon = "comment"
    index_url_name = "page_feedback_report"
    index_results_url_name = "page_feedback_report_results"
    filterset_class = PageFeedbackFilterSet
    default_ordering = "-answers"
    any_permission_required = ["add", "change", "publish"]
    columns = [
        PageEditColumn("title", label=_("Page"), sort_key="title"),
        Column("answers", label=_("Answers"), sort_key="answers"),
        Column("helpful_yes", label=_("Yes"), sort_key="helpful_yes"),
        Column("helpful_no", label=_("No"), sort_key="helpful_no"),
        Column("percent_helpful", label=_("Helpful (%)")),
        CommentsLinkColumn("comments", label=_("Comments"), sort_key="comments"),
        DateColumn("last_answer", label=_("Last answer"), sort_key="last_answer"),
    ]
    list_export = [
        "title",
        "url_path",
        "answers",
        "helpful_yes",
        "helpful_no",
        "percent_helpful",
        "comments",
        "last_answer",
    ]
    export_headings = {
        "title": _("Page"),
        "url_path": _("Path"),
        "answers": _("Answers"),
        "helpful_yes": _("Yes"),
        "helpful_no": _("No"),
        "percent_helpful": _("Helpful (%)"),
        "comments": _("Comments"),
        "last_answer": _("Last answer"),
    }

    def get_filename(self):
        return f"page-feedback-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        start, end = self.filters.date_range() if self.filters else (None, None)
        in_range = _in_range("feedback__", start, end)
        self.date_query = {
            key: value.date().isoformat()
            if key == "date_from"
            else (value - datetime.timedelta(days=1)).date().isoformat()
            for key, value in (("date_from", start), ("date_to", end))
            if value
        }
        self.queryset = Page.objects.annotate(
            answers=Count("feedback", filter=in_range),
            helpful_yes=Count("feedback", filter=in_range & Q(feedback__helpful=True)),
            helpful_no=Count("feedback", filter=in_range & Q(feedback__helpful=False)),
            comments=Count("feedback", filter=in_range & ~Q(feedback__comment="")),
            last_answer=Max("feedback__created_at", filter=in_range),
        ).filter(answers__gt=0)
        return super().get_queryset()

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering or "-answers", "title", "pk")

    def get_valid_orderings(self):
        return [*super().get_valid_orderings(), "-answers"]

    def decorate_paginated_queryset(self, object_list):
        comments_url = reverse("feedback_comments_report")
        for page in object_list:
            page.percent_helpful = round(100 * page.helpful_yes / page.answers) if page.answers else ""
            query = "&".join(f"{key}={value}" for key, value in {"page": page.pk, **self.date_query}.items())
            page.comments_url = f"{comments_url}?{query}"
        return object_list


class FeedbackCommentsReportView(ReportView):
    """Every answer (newest first) with its comment; comments are deleted after the retention period."""

    page_title = _("Page feedback comments")
    header_icon = "comment"
    model = PageFeedback
    index_url_name = "feedback_comments_report"
    index_results_url_name = "feedback_comments_report_results"
    filterset_class = FeedbackCommentFilterSet
    default_ordering = "-created_at"
    # Editors who may work on pages may read what visitors said about them.
    permission_policy = PagePermissionPolicy()
    any_permission_required = ["add", "change", "publish"]
    columns = [
        DateColumn("created_at", label=_("Date"), sort_key="created_at"),
        PageEditColumn("page_title", label=_("Page"), page_id_accessor="page_id"),
        Column("helpful_label", label=_("Helpful")),
        Column("comment", label=_("Comment")),
    ]
    list_export = ["created_at", "page_title", "page_path", "helpful_label", "comment"]
    export_headings = {
        "created_at": _("Date"),
        "page_title": _("Page"),
        "page_path": _("Path"),
        "helpful_label": _("Helpful"),
        "comment": _("Comment"),
    }

    def get_filename(self):
        return f"page-feedback-comments-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        start, end = self.filters.date_range() if self.filters else (None, None)
        self.queryset = PageFeedback.objects.filter(_in_range("", start, end)).select_related("page")
        return super().get_queryset()

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering or "-created_at", "-pk")

    def decorate_paginated_queryset(self, object_list):
        for row in object_list:
            row.page_title = row.page.title
            row.page_path = row.page.url_path
            row.helpful_label = _("Yes") if row.helpful else _("No")
        return object_list
