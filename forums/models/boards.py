"""The boards' Wagtail pages: the index of boards and each board, whose sub-URLs (topics,
posting, editing, reports) dispatch by name to the views registered in forums.routes."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index

from core.models import BasePage
from core.models.loading import DirectLoad
from forums import routes
from forums.choices import Status
from forums.models.board_generation import generation_annotations
from forums.models.forum_settings import LimitField


class ForumIndexPage(BasePage):
    intro = models.TextField(blank=True, max_length=600, help_text="Shown above the list of boards.")

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["forums.BoardPage"]
    max_count = 1
    page_description = "The 'Message Boards' page listing every board."

    class Meta:
        verbose_name = "message boards index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        boards = list(
            BoardPage.objects.child_of(self)
            .live()
            .annotate(
                topic_total=models.Count("topics", filter=models.Q(topics__status=Status.VISIBLE)),
                last_activity=models.Max(
                    "topics__last_post_at", filter=models.Q(topics__status=Status.VISIBLE)
                ),
            )
            .order_by("path")
        )
        context["boards"] = boards
        return context


class BoardVisibility(models.TextChoices):
    PUBLIC = "public", _("Anyone can read")
    MEMBERS = "members", _("Only signed-in members can read")


class PreModeration(models.TextChoices):
    NONE = "none", _("Publish posts straight away")
    NEW_MEMBERS = "new_members", _("Hold posts from new members for review")
    ALL = "all", _("Hold every new post for review")


class BoardPage(DirectLoad, RoutablePageMixin, BasePage):
    description = models.TextField(max_length=600, help_text="What this board is for, in a sentence or two.")
    guidelines = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="Rules specific to this board, shown above its topics.",
    )
    visibility = models.CharField(
        max_length=10,
        choices=BoardVisibility.choices,
        default=BoardVisibility.PUBLIC,
        help_text="Members-only boards are hidden from visitors and from site search.",
    )
    premoderation = models.CharField(
        max_length=12,
        choices=PreModeration.choices,
        default=PreModeration.NONE,
        help_text="Whether new posts wait for a moderator before anyone else sees them. Whatever you "
        "choose, a post is still held when it uses a 'hold' watched word, or when a new member (see "
        "Message board settings: 'new member days') includes more links than the new-member link limit "
        "there; with 'Publish posts straight away' nothing is held just for coming from a new member.",
    )
    premoderation_threshold = LimitField(
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        default=3,
        help_text="With 'new members' pre-moderation: how many approved posts make a member trusted (1 to 100).",
    )
    moderator_group = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderated_boards",
        help_text="Members of this group moderate this board (and only this board). Lead moderators "
        "moderate every board.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("description"),
        FieldPanel("guidelines"),
        FieldPanel("visibility"),
        MultiFieldPanel(
            [
                FieldPanel("premoderation"),
                FieldPanel("premoderation_threshold"),
                # Only lead moderators and superusers may choose who moderates a board: without
                # the permission the field is left out of the form (Wagtail enforces it).
                FieldPanel("moderator_group", permission="forums.assign_board_moderators"),
            ],
            heading="Moderation",
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("description")]

    parent_page_types = ["forums.ForumIndexPage"]
    subpage_types = []
    page_description = "A message board where members start topics and reply."

    TOPICS_PER_PAGE = 25
    POSTS_PER_PAGE = 20

    class Meta:
        verbose_name = "message board"
        permissions = [
            ("assign_board_moderators", "Can choose which group moderates a message board"),
        ]

    @property
    def members_only(self):
        return self.visibility == BoardVisibility.MEMBERS

    def get_listing_summary(self):
        return self.listing_summary or self.description

    def get_sitemap_urls(self, request=None):
        # sitemap.xml is public (and cached for everyone): members-only boards stay out of it.
        # Boards with Wagtail view restrictions are left out by Wagtail's own sitemap.
        if self.members_only:
            return []
        return super().get_sitemap_urls(request)

    @classmethod
    def routed_queryset(cls, queryset):
        """A recorded route (core.cache.routing) loads the board with its generations, read in
        the same statement as its row and before anything its pages show: every board and topic
        page, signed in or not, keys its cached copy or shell with them (forums.anon_pages)."""
        return queryset.annotate(**generation_annotations())

    # Sub-URLs. The views live in the forums.views* modules, which import these models, so the
    # model dispatches by route name to the view registered there (forums.routes), behind one
    # policy guard; nothing here imports the views.
    @path("")
    def board_index(self, request):
        return routes.dispatch("board", request, self)

    @path("search/", name="search")
    def board_search(self, request):
        return routes.dispatch("search", request, self)

    @path("new/", name="new_topic")
    def new_topic(self, request):
        return routes.dispatch("new_topic", request, self)

    @path("watch/", name="watch")
    def board_watch(self, request):
        return routes.dispatch("watch", request, self)

    @path("topics/<int:topic_id>/", name="topic")
    def topic(self, request, topic_id):
        return routes.dispatch("topic", request, self, topic_id)

    @path("topics/<int:topic_id>/reply/", name="reply")
    def reply(self, request, topic_id):
        return routes.dispatch("reply", request, self, topic_id)

    @path("topics/<int:topic_id>/watch/", name="topic_watch")
    def topic_watch(self, request, topic_id):
        return routes.dispatch("topic_watch", request, self, topic_id)

    @path("posts/<int:post_id>/", name="post")
    def post_link(self, request, post_id):
        return routes.dispatch("post", request, self, post_id)

    @path("posts/<int:post_id>/edit/", name="post_edit")
    def post_edit(self, request, post_id):
        return routes.dispatch("post_edit", request, self, post_id)

    @path("posts/<int:post_id>/delete/", name="post_delete")
    def post_delete(self, request, post_id):
        return routes.dispatch("post_delete", request, self, post_id)

    @path("posts/<int:post_id>/history/", name="post_history")
    def post_history(self, request, post_id):
        return routes.dispatch("post_history", request, self, post_id)

    @path("posts/<int:post_id>/report/", name="post_report")
    def post_report(self, request, post_id):
        return routes.dispatch("post_report", request, self, post_id)
