from django.urls import path

from forums import views, views_account, views_board_actions, views_posting
from forums.urls_members import urlpatterns as member_feature_urls

# Loading the URLconf registers BoardPage's sub-page views (forums.routes) from these modules.
BOARD_ROUTE_VIEWS = (views, views_posting, views_board_actions)

app_name = "forums"

urlpatterns = [
    path("profile/", views_account.profile, name="profile"),
    path("join/", views_account.join, name="join"),
    path("profile/export/", views_account.export_data, name="export"),
    path("profile/delete/", views_account.delete_account_view, name="delete_account"),
    path("unsubscribe/<str:token>/", views_account.unsubscribe, name="unsubscribe"),
    path("unsubscribe/<str:token>/undo/", views_account.unsubscribe_undo, name="unsubscribe_undo"),
    path("<int:member_id>/", views_account.member_detail, name="member"),
]

urlpatterns += member_feature_urls  # messages, notifications, reactions, bookmarks
