"""Translations go live through the same review as the pages they translate (issue 20).

wagtail-localize's "Update translations" screen has a "Publish immediately" box that publishes
every translation of a page without looking at the user's rights on them: an editor could put a
Spanish condition article live past the 'Medical review' workflow. This view refuses that (403)
unless the user may publish every translation; syncing them as drafts stays open to editors.
(Its translation editor's own "Publish" already checks the page's publish permission, which
condition articles grant to medical reviewers and administrators only.) That editor has no
"Submit for review": `SubmitTranslationForReviewView` is the way an editor sends a translation
to the workflow (a "Submit translation for review" button on the page in the admin listing).
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation
from wagtail_localize.views.update_translations import UpdateTranslationsView


def may_publish_translations(user, source):
    for translation in source.translations.filter(enabled=True).select_related("target_locale"):
        try:
            target = translation.get_target_instance()
        except ObjectDoesNotExist:
            continue
        if isinstance(target, Page) and not target.specific.permissions_for_user(user).can_publish():
            return False
    return True


class ReviewedUpdateTranslationsView(UpdateTranslationsView):
    def form_valid(self, form):
        if form.cleaned_data.get("publish_translations") and not may_publish_translations(
            self.request.user, self.object
        ):
            raise PermissionDenied
        return super().form_valid(form)


def synced_translation(page):
    """wagtail-localize's translation record for `page` (a translation it keeps in sync), if any."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )


def can_submit_translation(page, user):
    return (
        page.locale_id != Locale.get_default().pk
        and page.get_workflow() is not None
        and page.permissions_for_user(user).can_edit()
        and synced_translation(page) is not None
    )


class SubmitTranslationForReviewView(WagtailAdminTemplateMixin, TemplateView):
    """Send a translation made in wagtail-localize's editor to its page's workflow.

    The translation editor only offers "Publish", which editors may not do where the 'Medical
    review' workflow applies: here the translated strings are saved as a draft revision of the
    page and the workflow starts, exactly as "Submit to Medical review" does in the page editor.
    """

    template_name = "pages/admin/submit_translation.html"
    page_title = gettext_lazy("Submit translation for review")
    header_icon = "tasks"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        self.translation = synced_translation(self.page)
        self.workflow = self.page.get_workflow()
        if self.translation is None or self.workflow is None:
            raise Http404
        if not self.page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=self.page,
            workflow=self.workflow,
            in_review=self.page.workflow_in_progress,
            **kwargs,
        )

    def post(self, request, page_id):
        if self.page.workflow_in_progress:
            messages.warning(request, _("This translation is already in review."))
            return redirect("wagtailadmin_explore", self.page.get_parent().pk)
        with transaction.atomic():
            self.translation.save_target(user=request.user, publish=False)
            page = Page.objects.get(pk=self.page.pk).specific
            self.workflow.start(page, request.user)
        messages.success(
            request,
            _("“%(title)s” has been submitted to %(workflow)s.")
            % {"title": page.get_admin_display_title(), "workflow": self.workflow.name},
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
