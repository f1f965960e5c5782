"""The 'Find your local Affiliate' page: the search form, its results, the parent of every affiliate."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from affiliates import matching
from affiliates.forms import LocatorForm
from core.images import attach_images
from core.models import BasePage
from core.pagination import paginate
from resources.models import HelplineSettings

from .affiliate import AffiliatePage


class AffiliateLocatorPage(BasePage):
    """'Find your local Affiliate': a search form, results, and the parent of every affiliate."""

    intro = models.TextField(
        blank=True,
        max_length=600,
        help_text="A sentence or two above the search form, e.g. who Affiliates are and how they help.",
    )
    no_results_text = models.TextField(
        blank=True,
        max_length=600,
        help_text="Shown when no Affiliate serves the place someone searched for, above the nearest "
        "Affiliates and the helpline. Leave empty for the standard wording.",
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("no_results_text")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    SERVING_PER_PAGE = 20

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["affiliates.AffiliatePage"]
    max_count = 1
    page_description = "The 'Find your local Affiliate' search. There is only one; affiliates live under it."

    class Meta:
        verbose_name = "affiliate locator page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = LocatorForm(
            request.GET if LocatorForm.is_submitted(request.GET) else None, auto_id="locator-%s"
        )
        result = None
        if form.is_bound and form.is_valid():
            result = matching.locate(form.cleaned_data["place"], AffiliatePage.objects.all())
        page_obj, elided_range = None, []
        if result and result.serving:
            # A state search can list many affiliates; a page of them at a time.
            page_obj, elided_range = paginate(request, result.serving, self.SERVING_PER_PAGE)
        if result:
            shown = [match.affiliate for match in (page_obj.object_list if page_obj else [])]
            # Logos and photos of the affiliates on screen, with renditions: two queries.
            attach_images(shown + [match.affiliate for match in result.nearby], "logo", "lead_image")
        context.update(
            form=form,
            result=result,
            page_obj=page_obj,
            elided_range=elided_range,
            helpline=HelplineSettings.for_request(request) if result and not result.serving else None,
        )
        return context
