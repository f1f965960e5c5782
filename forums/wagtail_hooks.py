"""Message-board content in the Wagtail admin: members, topics and posts, searchable and filterable."""

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from forums.models import Member, Post, Topic


class MemberViewSet(ModelViewSet):
    model = Member
    icon = "user"
    menu_label = "Members"
    list_display = ["display_name", "profile_visibility", "created_at", "suspended_until", "is_banned"]
    list_filter = ["profile_visibility", "is_banned"]
    search_fields = ["display_name", "user__email"]
    form_fields = ["display_name", "profile_visibility", "email_notifications"]
    add_to_admin_menu = False


class TopicViewSet(ModelViewSet):
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


class MessageBoardsGroup(ViewSetGroup):
    menu_label = "Message boards"
    menu_icon = "group"
    items = [MemberViewSet("forum_members"), TopicViewSet("forum_topics"), PostViewSet("forum_posts")]


@hooks.register("register_admin_viewset")
def register_viewset():
    return MessageBoardsGroup()
