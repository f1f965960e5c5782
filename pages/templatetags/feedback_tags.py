from django import template

from pages.feedback import FeedbackForm, accepts_feedback

register = template.Library()


@register.inclusion_tag("pages/feedback/form.html")
def page_feedback(page):
    """'Was this page helpful?' for `page`: the same markup for every visitor (cache-safe)."""
    if page is None or not page.pk or not accepts_feedback(page):
        return {"form": None}
    return {"form": FeedbackForm(page=page), "feedback_for": page}
