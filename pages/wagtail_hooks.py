import wagtail.admin.rich_text.editors.draftail.features as draftail_features
from django.urls import path, reverse
from draftjs_exporter.dom import DOM
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.rich_text.converters.html_to_contentstate import InlineEntityElementHandler
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from pages.models import Reviewer, Source, Topic
from pages.signals import PUBLISHED_WITHOUT_REVIEW
from pages.views import OverdueReviewReportView


class SourceChooserViewSet(SnippetChooserViewSet):
    """The 'Cite source' dialog can add a source, so editors need not leave the page they write."""

    form_fields = ["title", "authors", "publisher", "year", "details", "url", "doi", "accessed"]
    create_action_label = "Add source"
    creation_tab_label = "Add a new source"


class SourceViewSet(SnippetViewSet):
    model = Source
    chooser_viewset_class = SourceChooserViewSet
    icon = "openquote"
    menu_label = "Sources"
    list_display = ["title", "publisher", "year"]
    list_filter = ["year"]
    search_fields = ["title", "authors", "publisher"]
    ordering = ["title"]


class HealthTopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ReviewerViewSet(SnippetViewSet):
    model = Reviewer
    icon = "user"
    menu_label = "Medical reviewers"
    list_display = ["name", "credentials", "user", "active"]
    list_filter = ["active"]
    search_fields = ["name", "credentials"]
    ordering = ["name"]


class HealthContentGroup(SnippetViewSetGroup):
    menu_label = "Health content"
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = (SourceViewSet, HealthTopicViewSet, ReviewerViewSet)


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


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/overdue-reviews/", OverdueReviewReportView.as_view(), name="overdue_reviews"),
        path(
            "reports/overdue-reviews/results/",
            OverdueReviewReportView.as_view(results_only=True),
            name="overdue_reviews_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_overdue_report_menu_item():
    return MenuItem("Overdue medical reviews", reverse("overdue_reviews"), icon_name="time", order=150)


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(
        PUBLISHED_WITHOUT_REVIEW,
        "Publish without medical review",
        "Published without an approved medical review",
    )
