"""Moderator tools, under /moderation/tools/ (namespace "modtools")."""

from django.urls import path

from forums import views_appeals, views_crisis, views_modtools, views_topic_tools

app_name = "modtools"

urlpatterns = [
    path("dashboard/", views_modtools.moderator_dashboard, name="dashboard"),
    path("dashboard.csv", views_modtools.moderator_dashboard_csv, name="dashboard_csv"),
    path("guide/", views_modtools.guide, name="guide"),
    path("crisis/", views_crisis.crisis_dashboard, name="crisis_dashboard"),
    path("crisis/<int:case_id>/", views_crisis.crisis_case, name="crisis_case"),
    path(
        "crisis/<int:case_id>/acknowledge/",
        views_crisis.crisis_action,
        {"action": "acknowledge"},
        name="crisis_acknowledge",
    ),
    path("crisis/<int:case_id>/close/", views_crisis.crisis_action, {"action": "close"}, name="crisis_close"),
    path("posts/<int:post_id>/reach-out/", views_crisis.reach_out, name="reach_out"),
    path("crisis/<int:case_id>/reach-out/", views_crisis.reach_out_about_message, name="crisis_reach_out"),
    path("topics/<int:topic_id>/", views_topic_tools.topic_tools, name="topic"),
    path("topics/<int:topic_id>/<slug:action>/", views_topic_tools.topic_tool_action, name="topic_action"),
    path("boards/<int:board_id>/slow-mode/", views_topic_tools.board_slow_mode, name="board_slow_mode"),
    path("members/<int:member_id>/", views_appeals.member_history, name="member"),
    path("appeals/", views_appeals.appeals_queue, name="appeals"),
    path("appeals/<int:appeal_id>/decide/", views_appeals.appeal_decide, name="appeal_decide"),
]
