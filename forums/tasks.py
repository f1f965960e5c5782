from django_tasks import task

from forums import notifications


@task()
def send_new_post_emails(post_id):
    """Email the watchers of a new visible post. Returns how many emails went out."""
    return notifications.send_for_post(post_id)
