"""URLs of the member features, added to the `forums` namespace under /members/."""

from django.urls import path

from forums import views_members, views_messages

urlpatterns = [
    path("messages/", views_messages.conversation_list, name="conversations"),
    path("messages/new/", views_messages.new_conversation, name="new_conversation"),
    path("messages/<int:conversation_id>/", views_messages.conversation_detail, name="conversation"),
    path(
        "messages/<int:conversation_id>/leave/", views_messages.leave_conversation, name="leave_conversation"
    ),
    path("messages/report/<int:message_id>/", views_messages.report_message, name="report_message"),
    path("<int:member_id>/block/", views_messages.block_member, name="block"),
    path("notifications/", views_members.notifications, name="notifications"),
    path("profile/preferences/", views_members.preferences, name="preferences"),
    path("profile/details/", views_members.profile_details, name="profile_details"),
    path("profile/watch-frequency/", views_members.watch_frequency, name="watch_frequency"),
    path("saved/", views_members.bookmarks, name="bookmarks"),
    path("latest/", views_members.latest, name="latest"),
    path("mention-names/", views_members.mention_names, name="mention_names"),
    path("posts/<int:post_id>/react/", views_members.react, name="react"),
    path("posts/<int:post_id>/bookmark/", views_members.bookmark, name="bookmark"),
    path("unsubscribe/digest/<str:token>/", views_members.digest_unsubscribe, name="digest_unsubscribe"),
]

moderation_urlpatterns = [
    path("messages/<int:report_id>/", views_messages.message_report_review, name="message_report"),
]
