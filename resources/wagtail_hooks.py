import django_filters
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from resources.models import REVIEW_INTERVAL_DAYS, Audience, Language, Resource, ResourceType


class ResourceFilterSet(WagtailFilterSet):
    resource_type = django_filters.ChoiceFilter(label="Type", choices=ResourceType.choices)
    audience = django_filters.ChoiceFilter(choices=Audience.choices)
    language = django_filters.ChoiceFilter(choices=Language.choices)
    topics = django_filters.CharFilter(
        label="Topic", field_name="topics__name", lookup_expr="iexact", distinct=True
    )
    review_overdue = django_filters.BooleanFilter(
        label=f"Review overdue (last reviewed over {REVIEW_INTERVAL_DAYS // 365} years ago)",
        method="filter_review_overdue",
    )

    class Meta:
        model = Resource
        fields = ["resource_type", "audience", "language", "topics"]

    def filter_review_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        cutoff = timezone.localdate() - timezone.timedelta(days=REVIEW_INTERVAL_DAYS)
        return (
            queryset.filter(last_reviewed__lt=cutoff) if value else queryset.filter(last_reviewed__gte=cutoff)
        )


class ResourceViewSet(SnippetViewSet):
    model = Resource
    icon = "doc-full"
    menu_label = "Resources"
    menu_name = "resources"
    menu_order = 250
    add_to_admin_menu = True
    filterset_class = ResourceFilterSet
    list_display = [
        "title",
        Column("resource_type", label="Type", accessor="get_resource_type_display"),
        Column("audience", label="Audience", accessor="get_audience_display"),
        Column("language", label="Language", accessor="get_language_display"),
        DateColumn("last_reviewed", label="Last reviewed"),
        DateColumn("updated_at", label="Updated"),
    ]
    list_export = ["title", "resource_type", "audience", "language", "last_reviewed", "url"]
    ordering = ["title"]
    # Plain database search here, so it combines with any filter (including topics).
    search_backend_name = None
    search_fields = ["title", "summary"]
    list_per_page = 50


register_snippet(ResourceViewSet)
