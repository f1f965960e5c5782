from wagtail.log_actions import log
from wagtail.models import Locale, Site
from wagtail.signals import page_published, page_unpublished, task_approved

from pages.models import ConditionArticlePage, ConditionIndexPage, HomePage, PerspectiveIndexPage
from pages.review import approvals
from pages.workflows import REVIEWERS_GROUP, WORKFLOW_NAME, assign_to

PUBLISHED_WITHOUT_REVIEW = "pages.publish_without_medical_review"


def require_review_for_new_sections(sender, instance, **kwargs):
    """A condition section not already under medical review gets the workflow automatically.

    Wagtail's default 'Moderators approval' workflow on the root would otherwise apply.
    """
    workflow = instance.get_workflow()
    if workflow is None or workflow.name != WORKFLOW_NAME:
        assign_to(instance)


def require_review_for_translated_perspectives(sender, instance, **kwargs):
    """Perspectives translated from English are checked for clinical accuracy before they go
    live: a perspective index in another language gets the 'Medical review' workflow (the
    English perspectives keep the editors' usual approval)."""
    if instance.locale_id != Locale.get_default().pk:
        require_review_for_new_sections(sender, instance, **kwargs)


def refresh_site_roots(sender, instance, **kwargs):
    """A home page published or unpublished in a language adds or removes that language's
    root: Wagtail caches the roots (with their translations), which page URLs, the language
    switcher and hreflang links are built from."""
    Site.clear_site_root_paths_cache()


def record_medical_review(sender, instance, user=None, **kwargs):
    """Approving the 'Medical review' task records the review on the article."""
    if instance.task.name != WORKFLOW_NAME:
        return
    article = ConditionArticlePage.objects.filter(pk=instance.workflow_state.object_id).first()
    if article is not None:
        article.record_review(instance, user)


def log_publish_without_review(sender, instance, revision=None, **kwargs):
    """An administrator may publish an article without the medical review: say so in the history."""
    user = revision.user if revision else None
    if revision is None or approvals(instance).filter(revision_id=revision.pk).exists():
        return
    if user is not None and user.groups.filter(name=REVIEWERS_GROUP).exists():
        return
    log(instance=instance, action=PUBLISHED_WITHOUT_REVIEW, user=user, revision=revision)


page_published.connect(require_review_for_new_sections, sender=ConditionIndexPage)
page_published.connect(require_review_for_translated_perspectives, sender=PerspectiveIndexPage)
page_published.connect(log_publish_without_review, sender=ConditionArticlePage)
task_approved.connect(record_medical_review)
page_published.connect(refresh_site_roots, sender=HomePage)
page_unpublished.connect(refresh_site_roots, sender=HomePage)
