"""Demo content for named medical review: a reviewer and the 'Our medical reviewers' page."""

from demo.utils import ensure_child
from pages.models import HomePage, MedicalReviewersPage, Reviewer


def load(log):
    home = HomePage.objects.first()
    if home is None:
        return
    if not Reviewer.objects.exists():
        Reviewer.objects.create(
            name="Dr. Maya Chen",
            credentials="MD, medical oncologist",
            bio="Dr. Chen treats people with metastatic breast cancer and reviews our treatment articles.",
        )
        log("  created a demo medical reviewer")
    if not MedicalReviewersPage.objects.exists():
        ensure_child(
            home,
            MedicalReviewersPage,
            "medical-reviewers",
            log,
            title="Our medical reviewers",
            intro="Every condition article is checked by a medical reviewer before it is published, "
            "and again at least once a year.",
            listing_summary="The doctors and nurses who review our health information.",
        )
