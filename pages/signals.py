from wagtail.signals import page_published

from pages.models import ConditionIndexPage
from pages.workflows import WORKFLOW_NAME, assign_to


def require_review_for_new_sections(sender, instance, **kwargs):
    """A condition section not already under medical review gets the workflow automatically.

    Wagtail's default 'Moderators approval' workflow on the root would otherwise apply.
    """
    workflow = instance.get_workflow()
    if workflow is None or workflow.name != WORKFLOW_NAME:
        assign_to(instance)


page_published.connect(require_review_for_new_sections, sender=ConditionIndexPage)
