from django_tasks import task

from forums import notifications, notifications_center


@task()
def send_new_post_emails(post_id):
    """Email the watchers of a new visible post. Returns how many emails went out."""
    return notifications.send_for_post(post_id)


@task()
def send_plain_email(subject, body, recipients):
    """Send one plain-text email (moderation decisions, crisis alerts) to each recipient."""
    from django.core.mail import EmailMessage, get_connection

    messages = [EmailMessage(subject=subject, body=body, to=[address]) for address in recipients]
    return get_connection().send_messages(messages)


@task()
def send_digest_email(user_id, frequency, post_ids):
    """Send one member's digest (forums.notifications_center.send_digests queues these)."""
    return notifications_center.send_digest_email(user_id, frequency, post_ids)


@task()
def send_digests(frequency):
    """Run this period's digests on the worker (`manage.py send_digests --enqueue`)."""
    return notifications_center.send_digests(frequency)
