from django.urls import path

from forums import views
from forums.urls_members import urlpatterns as member_feature_urls

app_name = "forums"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("join/", views.join, name="join"),
    path("profile/export/", views.export_data, name="export"),
    path("profile/delete/", views.delete_account_view, name="delete_account"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("unsubscribe/<str:token>/undo/", views.unsubscribe_undo, name="unsubscribe_undo"),
    path("<int:member_id>/", views.member_detail, name="member"),
]

urlpatterns += member_feature_urls  # issue 16: messages, notifications, reactions, bookmarks
