from django.urls import path

from forums import moderation_views as views
from forums.urls_members import moderation_urlpatterns

app_name = "moderation"

urlpatterns = [
    path("", views.queue_view, name="queue"),
    path("log/", views.log_view, name="log"),
    path("bulk/", views.bulk_action, name="bulk"),
    path("posts/<int:post_id>/", views.post_view, name="post"),
    path("posts/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:post_id>/member/<slug:action>/", views.member_action, name="member_action"),
    path("posts/<int:post_id>/<slug:action>/", views.post_action, name="post_action"),
    path("topics/<int:topic_id>/<slug:action>/", views.topic_action, name="topic_action"),
    path("reports/<int:report_id>/dismiss/", views.dismiss_report, name="dismiss_report"),
]

urlpatterns += moderation_urlpatterns  # reported private messages
