import django_filters
import wagtail.admin.rich_text.editors.draftail.features as draftail_features
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from draftjs_exporter.dom import DOM
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.rich_text.converters.html_to_contentstate import InlineEntityElementHandler
from wagtail.admin.ui.tables import Column, DateColumn, LocaleColumn
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from pages.models import GlossaryTerm, HealthTopic, Reviewer, Source
from pages.signals import PUBLISHED_WITHOUT_REVIEW
from pages.translation_review import (
    ReviewedUpdateTranslationsView,
    SubmitTranslationForReviewView,
    can_submit_translation,
)
from pages.views import OverdueReviewReportView
from pages.views_feedback import FeedbackCommentsReportView, PageFeedbackReportView
from pages.views_readability import ReadingLevelReportView, readability_check


class SourceChooserViewSet(SnippetChooserViewSet):
    """The 'Cite source' dialog can add a source, so editors need not leave the page they write."""

    form_fields = ["title", "authors", "publisher", "year", "details", "url", "doi", "accessed", "note"]
    create_action_label = "Add source"
    creation_tab_label = "Add a new source"


class SourceViewSet(SnippetViewSet):
    model = Source
    chooser_viewset_class = SourceChooserViewSet
    icon = "openquote"
    menu_label = "Sources"
    list_display = ["title", LocaleColumn(), "publisher", "year"]
    list_filter = ["year"]
    search_fields = ["title", "authors", "publisher"]
    ordering = ["title"]


class HealthTopicViewSet(SnippetViewSet):
    model = HealthTopic
    icon = "tag"
    menu_label = "Topics"
    list_display = ["name", LocaleColumn(), "slug"]
    search_fields = ["name"]


class ReviewerViewSet(SnippetViewSet):
    model = Reviewer
    icon = "user"
    menu_label = "Medical reviewers"
    list_display = ["name", "credentials", "user", "active"]
    list_filter = ["active"]
    search_fields = ["name", "credentials"]
    ordering = ["name"]


class GlossaryTermFilterSet(WagtailFilterSet):
    has_abbreviations = django_filters.BooleanFilter(
        label="Has abbreviations (listed on the boards' abbreviations page)",
        method="filter_has_abbreviations",
    )
    has_learn_more_page = django_filters.BooleanFilter(
        label="Has a 'learn more' page", field_name="learn_more_page", lookup_expr="isnull", exclude=True
    )
    letter = django_filters.CharFilter(
        label="Starts with", field_name="term", lookup_expr="istartswith", max_length=1
    )

    class Meta:
        model = GlossaryTerm
        fields = []

    def filter_has_abbreviations(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(abbreviations="") if value else queryset.filter(abbreviations="")


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    menu_label = "Glossary terms"
    filterset_class = GlossaryTermFilterSet
    list_display = [
        "term",
        LocaleColumn(),
        "abbreviations",
        Column("definition", label="Definition"),
        Column("learn_more_page", label="Learn more page"),
        DateColumn("updated_at", label="Updated"),
    ]
    search_backend_name = None
    search_fields = ["term", "variants", "abbreviations", "definition"]
    ordering = ["term"]


class HealthContentGroup(SnippetViewSetGroup):
    menu_label = "Health content"
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = (SourceViewSet, HealthTopicViewSet, ReviewerViewSet, GlossaryTermViewSet)


register_snippet(HealthContentGroup)


@hooks.register("register_rich_text_features")
def register_citation_feature(features):
    """A 'Cite source' button that inserts a marker pointing at a Source snippet."""
    feature_name = "citation"
    entity_type = "CITATION"
    features.register_editor_plugin(
        "draftail",
        feature_name,
        draftail_features.EntityFeature(
            {
                "type": entity_type,
                "icon": "openquote",
                "description": "Cite a source",
                "chooserUrls": {"sourceChooser": reverse("wagtailsnippetchoosers_pages_source:choose")},
            },
            js=["wagtailadmin/js/chooser-modal.js", "pages/js/citation-entity.js"],
            css={"all": ["pages/css/citation-entity.css"]},
        ),
    )
    features.register_converter_rule(
        "contentstate",
        feature_name,
        {
            "from_database_format": {"citation[source]": CitationElementHandler(entity_type)},
            "to_database_format": {"entity_decorators": {entity_type: citation_entity_decorator}},
        },
    )


def citation_entity_decorator(props):
    return DOM.create_element("citation", {"source": str(props.get("source", ""))}, props["children"])


class CitationElementHandler(InlineEntityElementHandler):
    mutability = "IMMUTABLE"

    def get_attribute_data(self, attrs):
        return {"source": attrs.get("source", ""), "label": ""}


@hooks.register("register_admin_urls", order=-1)
def register_reviewed_translation_updates():
    """Ahead of wagtail-localize's own URL (hooks run by `order`): "Publish immediately" on its
    "Update translations" screen respects the medical review (pages/translation_review.py)."""
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            ReviewedUpdateTranslationsView.as_view(),
            name="update_translations_reviewed",
        ),
        path(
            "pages/<int:page_id>/submit-translation/",
            SubmitTranslationForReviewView.as_view(),
            name="submit_translation_for_review",
        ),
    ]


@hooks.register("register_page_listing_more_buttons")
def submit_translation_button(page, user, next_url=None):
    if can_submit_translation(page.specific_deferred, user):
        yield ListingButton(
            _("Submit translation for review"),
            reverse("submit_translation_for_review", args=[page.pk]),
            icon_name="tasks",
            priority=3,
        )


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/overdue-reviews/", OverdueReviewReportView.as_view(), name="overdue_reviews"),
        path(
            "reports/overdue-reviews/results/",
            OverdueReviewReportView.as_view(results_only=True),
            name="overdue_reviews_results",
        ),
        path("readability/<str:app_label>/<str:model_name>/", readability_check, name="readability_check"),
        path("reports/reading-level/", ReadingLevelReportView.as_view(), name="reading_level_report"),
        path(
            "reports/reading-level/results/",
            ReadingLevelReportView.as_view(results_only=True),
            name="reading_level_report_results",
        ),
        path("reports/page-feedback/", PageFeedbackReportView.as_view(), name="page_feedback_report"),
        path(
            "reports/page-feedback/results/",
            PageFeedbackReportView.as_view(results_only=True),
            name="page_feedback_report_results",
        ),
        path(
            "reports/page-feedback/comments/",
            FeedbackCommentsReportView.as_view(),
            name="feedback_comments_report",
        ),
        path(
            "reports/page-feedback/comments/results/",
            FeedbackCommentsReportView.as_view(results_only=True),
            name="feedback_comments_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_overdue_report_menu_item():
    return MenuItem("Overdue medical reviews", reverse("overdue_reviews"), icon_name="time", order=150)


@hooks.register("register_reports_menu_item")
def register_reading_level_menu_item():
    return MenuItem("Reading level", reverse("reading_level_report"), icon_name="glasses", order=160)


@hooks.register("register_reports_menu_item")
def register_page_feedback_menu_item():
    return MenuItem("Page feedback", reverse("page_feedback_report"), icon_name="comment", order=170)


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(
        PUBLISHED_WITHOUT_REVIEW,
        "Publish without medical review",
        "Published without an approved medical review",
    )
