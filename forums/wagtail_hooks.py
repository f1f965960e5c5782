"""Message-board content in the Wagtail admin: members, topics and posts, searchable and filterable."""

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from forums import admin_modtools  # noqa: F401  (registers the watched-words admin and its hooks)
from forums.actions import log_moderator_group_change
from forums.models import BoardPage, CannedResponse, Member, ModerationAction, Post, Report, Topic
from forums.modtools_models import MemberNote


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Only viewing: nobody (superusers included) adds, edits or deletes these rows in the admin."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in ("add", "change", "delete")])


register_permission_policy(ModerationAction, ReadOnlyPolicy(ModerationAction))
register_permission_policy(Report, ReadOnlyPolicy(Report))
register_permission_policy(MemberNote, ReadOnlyPolicy(MemberNote))


class MemberViewSet(ModelViewSet):
    model = Member
    icon = "user"
    menu_label = "Members"
    list_display = ["display_name", "profile_visibility", "created_at", "suspended_until", "is_banned"]
    list_filter = ["profile_visibility", "is_banned"]
    search_fields = ["display_name", "user__email"]
    form_fields = ["display_name", "profile_visibility", "email_notifications"]
    add_to_admin_menu = False


class BoardTopicViewSet(ModelViewSet):
    model = Topic
    icon = "folder-open-inverse"
    menu_label = "Topics"
    list_display = ["title", "board", "status", "reply_count", "last_post_at", "is_pinned", "is_locked"]
    list_filter = ["status", "board", "is_pinned", "is_locked"]
    search_fields = ["title"]
    form_fields = ["title", "is_pinned", "is_locked"]
    ordering = ["-last_post_at"]


class PostViewSet(ModelViewSet):
    model = Post
    icon = "comment"
    menu_label = "Posts"
    list_display = ["__str__", "board", "status", "created_at"]
    list_filter = ["status", "board"]
    search_fields = ["body"]
    form_fields = ["body"]
    ordering = ["-created_at"]
    inspect_view_enabled = True


class ReportViewSet(ModelViewSet):
    model = Report
    icon = "warning"
    menu_label = "Reports"
    list_display = ["__str__", "reason", "status", "created_at"]
    list_filter = ["reason", "status"]
    search_fields = ["details"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    form_fields = ["status"]  # never shown: reports are closed from the moderation queue


class ModerationActionViewSet(ModelViewSet):
    """The audit log, read-only: moderators work in the front-end queue at /moderation/."""

    model = ModerationAction
    icon = "history"
    menu_label = "Moderation log"
    list_display = ["created_at", "moderator_name", "action", "target_label", "member_name", "board"]
    list_filter = ["action", "target_type", "created_at"]
    search_fields = ["moderator_name", "member_name", "target_label", "reason"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    form_fields = ["reason"]  # never shown: the permission policy refuses add and edit
    inspect_view_fields = [
        "created_at",
        "moderator_name",
        "action",
        "board",
        "target_type",
        "target_id",
        "target_label",
        "member_name",
        "reason",
        "before",
        "after",
    ]


class MemberNoteViewSet(ModelViewSet):
    """Moderators' notes about members, read-only: where the law gives a member a right of
    access, staff find the notes about them here (search by display name) and include them as
    "notes about you" (docs/moderation.md). Moderators write notes in the member history."""

    model = MemberNote
    icon = "doc-full"
    menu_label = "Notes about members"
    list_display = ["member", "author_name", "created_at", "text"]
    list_filter = ["created_at"]
    search_fields = ["member__display_name", "member__user__email", "author_name", "text"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_view_fields = ["member", "author_name", "created_at", "text"]
    form_fields = ["text"]  # never shown: the permission policy refuses add and edit


class CannedResponseViewSet(SnippetViewSet):
    model = CannedResponse
    icon = "comment"
    menu_label = "Saved moderator responses"
    list_display = ["title"]
    search_fields = ["title", "text"]


register_snippet(CannedResponseViewSet)


class MessageBoardsGroup(ViewSetGroup):
    menu_label = "Message boards"
    menu_icon = "group"
    items = [
        MemberViewSet("forum_members"),
        BoardTopicViewSet("forum_topics"),
        PostViewSet("forum_posts"),
        ReportViewSet("forum_reports"),
        ModerationActionViewSet("forum_moderation_log"),
        MemberNoteViewSet("forum_member_notes"),
    ]


@hooks.register("register_admin_viewset")
def register_viewset():
    return MessageBoardsGroup()


# Audit changes of a board's moderator group made in the page editor ----------------------------


def _live_group(page_id):
    board = BoardPage.objects.filter(pk=page_id).select_related("moderator_group").first()
    return board.moderator_group if board else None


@hooks.register("before_edit_page")
def remember_moderator_group(request, page):
    if isinstance(page.specific_deferred, BoardPage):
        request._forum_moderator_group_before = _live_group(page.pk)


@hooks.register("after_edit_page")
def log_moderator_group_edit(request, page):
    if not isinstance(page.specific_deferred, BoardPage) or not hasattr(
        request, "_forum_moderator_group_before"
    ):
        return
    before, after = request._forum_moderator_group_before, _live_group(page.pk)
    if (before and before.pk) != (after and after.pk):
        log_moderator_group_change(request.user, page.specific_deferred, before, after)


@hooks.register("after_create_page")
def log_moderator_group_create(request, page):
    if isinstance(page.specific_deferred, BoardPage):
        after = _live_group(page.pk)
        if after is not None:
            log_moderator_group_change(request.user, page.specific_deferred, None, after)
