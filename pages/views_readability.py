"""Admin views of readability: the editor panel's recalculation and the "Reading level" report."""

import django_filters
from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from pages.models import ReadabilityMixin
from pages.models.readability import target_grade


def readable_models():
    return [model for model in apps.get_models() if issubclass(model, ReadabilityMixin)]


def readable_content_types():
    return ContentType.objects.get_for_models(*readable_models()).values()


def readability_check(request, app_label, model_name):
    """The panel's result for the text in the POSTed page form (nothing is saved).

    Only the fields the grade reads are cleaned, one by one, so a half-filled form (no title
    yet, an invalid date) still gets a grade for its text."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404("Unknown page type") from None
    if not issubclass(model, ReadabilityMixin):
        raise Http404("This page type has no reading level")
    if not PagePermissionPolicy().user_has_any_permission(request.user, ["add", "change"]):
        raise PermissionDenied
    values = {}
    for name in (*model.readability_fields, "body"):
        formfield = model._meta.get_field(name).formfield()
        try:
            values[name] = formfield.clean(
                formfield.widget.value_from_datadict(request.POST, request.FILES, name)
            )
        except (ValidationError, ValueError, TypeError, KeyError):
            continue  # a field sent malformed (e.g. a StreamField count that is not a number)
    page = model(**values)
    result = page.readability(target_grade(request))
    return render(request, "pages/panels/readability_results.html", {"result": result})


class PageEditColumn(Column):
    """The page's title linking to its editor (Wagtail's TitleColumn asks each page whether it
    is a site root: two queries per row)."""

    cell_template_name = "pages/reports/edit_link_cell.html"

    def __init__(self, *args, page_id_accessor="pk", **kwargs):
        super().__init__(*args, **kwargs)
        self.page_id_accessor = page_id_accessor

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["page_id"] = getattr(instance, self.page_id_accessor)
        return context


class ReadingLevelFilterSet(WagtailFilterSet):
    include_at_target = django_filters.BooleanFilter(
        label=_("Also show pages at or below the target"),
        method="filter_include_at_target",
        widget=forms.CheckboxInput,
    )
    content_type = django_filters.ModelChoiceFilter(
        label=_("Page type"),
        queryset=lambda request: ContentType.objects.filter(
            pk__in=[ct.pk for ct in readable_content_types()]
        ),
    )

    class Meta:
        model = Page
        fields = ["live", "content_type"]

    def filter_include_at_target(self, queryset, name, value):
        return queryset  # applied in the view's queryset, which knows the target


class ReadingLevelReportView(PageReportView):
    """Articles, perspectives and standard pages whose latest text is above the target grade."""

    page_title = _("Reading level")
    # The generic listing (our columns, sortable headers), not the page explorer's listing.
    results_template_name = "wagtailadmin/reports/base_report_results.html"
    header_icon = "glasses"
    index_url_name = "reading_level_report"
    index_results_url_name = "reading_level_report_results"
    filterset_class = ReadingLevelFilterSet
    default_ordering = "-grade"
    any_permission_required = ["add", "change", "publish"]
    columns = [
        PageEditColumn("title", label=_("Page"), sort_key="title"),
        Column("grade", label=_("Reading grade"), sort_key="grade"),
        Column("words", label=_("Words"), sort_key="words"),
        Column("page_type", label=_("Type"), accessor="page_type"),
        Column("status_string", label=_("Status")),
        DateColumn("latest_revision_created_at", label=_("Updated"), sort_key="latest_revision_created_at"),
    ]
    list_export = [
        "title",
        "grade",
        "target",
        "words",
        "sentences",
        "page_type",
        "status_string",
        "url_path",
        "latest_revision_created_at",
    ]
    export_headings = {
        "title": _("Page"),
        "grade": _("Reading grade"),
        "target": _("Target grade"),
        "words": _("Words"),
        "sentences": _("Sentences"),
        "page_type": _("Type"),
        "status_string": _("Status"),
        "url_path": _("Path"),
        "latest_revision_created_at": _("Updated"),
    }

    def get_filename(self):
        return f"reading-level-{timezone.localdate():%Y-%m-%d}"

    def get_valid_orderings(self):
        return [*super().get_valid_orderings(), "-grade"]

    def get_queryset(self):
        self.target = target_grade(self.request)
        queryset = Page.objects.filter(
            reading_level__isnull=False, content_type__in=list(readable_content_types())
        ).annotate(
            grade=F("reading_level__grade"),
            words=F("reading_level__words"),
            sentences=F("reading_level__sentences"),
        )
        if self.request.GET.get("include_at_target") not in ("on", "true"):
            queryset = queryset.filter(reading_level__grade__gt=self.target)
        self.queryset = (
            queryset.select_related("content_type").prefetch_workflow_states().annotate_approved_schedule()
        )
        return super().get_queryset()

    def order_queryset(self, queryset):
        ordering = self.ordering or "-grade"
        return queryset.order_by(ordering, "title", "pk")

    def decorate_paginated_queryset(self, object_list):
        for page in object_list:
            page.target = self.target
            page.page_type = page.content_type.model_class()._meta.verbose_name.capitalize()
        return object_list
