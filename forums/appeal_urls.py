"""Members' appeals, under /appeals/ (namespace "appeals")."""

from django.urls import path

from forums import views_modtools as views

app_name = "appeals"

urlpatterns = [
    path("posts/<int:post_id>/", views.appeal_post, name="post"),
    path("suspension/", views.appeal_suspension, name="suspension"),
]
