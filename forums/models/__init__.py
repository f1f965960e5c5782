"""Message boards: member profiles, boards (Wagtail pages), topics and posts (plain models).

Topics and posts are high-volume user content, so they are ordinary Django models with
denormalised counters (`Topic.reply_count`, `Topic.last_post`) that keep the board and topic
pages at a constant number of queries. Every post and topic carries a moderation `status`;
only `visible` content is ever listed, counted, searched or emailed.

One module per concern; everything stays importable from `forums.models` (migrations name
`forums.models.LimitField`), and Django registers every model with the app from here.
"""

from forums.choices import ReportReason, ReportStatus, Status
from forums.member_models import (  # member features' models: registered with the app here
    Bookmark,
    Conversation,
    ConversationMember,
    DigestDelivery,
    MemberBlock,
    MemberPreferences,
    MemberProfile,
    Message,
    MessageReport,
    Notification,
    Reaction,
    ReactionCounts,
    WatchFrequency,
)
from forums.models.author_counts import AuthorPostCounts
from forums.models.board_generation import ALL_BOARDS, BoardGeneration
from forums.models.boards import BoardPage, BoardVisibility, ForumIndexPage, PreModeration
from forums.models.forum_settings import ForumSettings, LimitField
from forums.models.members import DELETED_MEMBER_NAME, Member, ProfileVisibility, author_display_name
from forums.models.moderation_log import (
    REDACTED,
    REDACTED_LABEL_SUFFIX,
    ActionKind,
    AppendOnlyError,
    ModerationAction,
    ModerationActionQuerySet,
)
from forums.models.reports import CannedResponse, Report
from forums.models.topics import (
    BoardWatch,
    Post,
    PostEdit,
    PostEmailSent,
    PostQuerySet,
    PostRevision,
    Topic,
    TopicRead,
    TopicWatch,
)
from forums.modtools_models import (  # moderator tools' models: registered with the app here
    Appeal,
    CrisisCase,
    MemberNote,
    ModerationSettings,
    SlowMode,
    TopicNote,
    TopicSchedule,
    WatchedWord,
)

__all__ = [
    "ALL_BOARDS",
    "DELETED_MEMBER_NAME",
    "REDACTED",
    "REDACTED_LABEL_SUFFIX",
    "ActionKind",
    "AuthorPostCounts",
    "Appeal",
    "AppendOnlyError",
    "BoardGeneration",
    "BoardPage",
    "BoardVisibility",
    "BoardWatch",
    "Bookmark",
    "CannedResponse",
    "Conversation",
    "ConversationMember",
    "CrisisCase",
    "DigestDelivery",
    "ForumIndexPage",
    "ForumSettings",
    "LimitField",
    "Member",
    "MemberBlock",
    "MemberNote",
    "MemberPreferences",
    "MemberProfile",
    "Message",
    "MessageReport",
    "ModerationAction",
    "ModerationActionQuerySet",
    "ModerationSettings",
    "Notification",
    "Post",
    "PostEdit",
    "PostEmailSent",
    "PostQuerySet",
    "PostRevision",
    "PreModeration",
    "ProfileVisibility",
    "Reaction",
    "ReactionCounts",
    "Report",
    "ReportReason",
    "ReportStatus",
    "SlowMode",
    "Status",
    "Topic",
    "TopicNote",
    "TopicRead",
    "TopicSchedule",
    "TopicWatch",
    "WatchFrequency",
    "WatchedWord",
    "author_display_name",
]
