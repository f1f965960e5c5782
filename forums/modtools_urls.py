"""Moderator tools of issue 17, under /moderation/tools/ (namespace "modtools")."""

from django.urls import path

from forums import views_modtools as views

app_name = "modtools"

urlpatterns = [
    path("dashboard/", views.moderator_dashboard, name="dashboard"),
    path("dashboard.csv", views.moderator_dashboard_csv, name="dashboard_csv"),
    path("guide/", views.guide, name="guide"),
    path("crisis/", views.crisis_dashboard, name="crisis_dashboard"),
    path("crisis/<int:case_id>/", views.crisis_case, name="crisis_case"),
    path("crisis/<int:case_id>/acknowledge/", views.crisis_acknowledge, name="crisis_acknowledge"),
    path("crisis/<int:case_id>/close/", views.crisis_close, name="crisis_close"),
    path("posts/<int:post_id>/reach-out/", views.reach_out, name="reach_out"),
    path("topics/<int:topic_id>/", views.topic_tools, name="topic"),
    path("topics/<int:topic_id>/<slug:action>/", views.topic_tool_action, name="topic_action"),
    path("boards/<int:board_id>/slow-mode/", views.board_slow_mode, name="board_slow_mode"),
    path("members/<int:member_id>/", views.member_history, name="member"),
    path("appeals/", views.appeals_queue, name="appeals"),
    path("appeals/<int:appeal_id>/decide/", views.appeal_decide, name="appeal_decide"),
]
