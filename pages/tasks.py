from django_tasks import task

from pages.review_digest import send_review_digest


@task()
def send_review_digest_task():
    """The weekly digest of medical reviews due in the next 30 days. Returns emails sent."""
    return send_review_digest()
