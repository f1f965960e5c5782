import django_filters
from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.pages import PageListingViewSet

from affiliates import admin_import
from affiliates.models import AffiliatePage, ServiceArea
from affiliates.zipdata import STATE_CHOICES


class AffiliateFilterSet(PageListingViewSet.filterset_class):
    serves = django_filters.ChoiceFilter(
        label="Serves (any part of) state",
        choices=STATE_CHOICES,
        method="filter_serves",
        empty_label="Any state",
    )

    class Meta:
        model = AffiliatePage
        fields = ["state"]

    def filter_serves(self, queryset, name, value):
        return queryset.filter(pk__in=ServiceArea.objects.filter(state=value).values("affiliate_id"))


class AffiliateListingViewSet(PageListingViewSet):
    """All affiliates in one flat list, filterable by office state and by the states they serve."""

    model = AffiliatePage
    icon = "site"
    menu_label = "Affiliates"
    menu_order = 250
    add_to_admin_menu = True
    columns = PageListingViewSet.columns + [
        Column("city", label="City", sort_key="city"),
        Column("state", label="Office state", sort_key="state"),
    ]
    filterset_class = AffiliateFilterSet


@hooks.register("register_admin_viewset")
def register_affiliate_listing():
    return AffiliateListingViewSet("affiliates")


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("affiliates/import/", admin_import.upload_view, name="affiliates_import"),
        path("affiliates/import/<str:token>/", admin_import.detail_view, name="affiliates_import_detail"),
        path(
            "affiliates/import/<str:token>/confirm/",
            admin_import.confirm_view,
            name="affiliates_import_confirm",
        ),
        path(
            "affiliates/import/<str:token>/progress/",
            admin_import.progress_view,
            name="affiliates_import_progress",
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_import.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem("Import affiliates", reverse("affiliates_import"), icon_name="upload", order=251)


@hooks.register("register_permissions")
def register_import_permission():
    # Shown under "Other permissions" when editing a group.
    return Permission.objects.filter(content_type__app_label="affiliates", codename="import_affiliates")
