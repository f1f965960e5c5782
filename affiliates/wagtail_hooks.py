import django_filters
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.pages import PageListingViewSet

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
