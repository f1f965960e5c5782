from django.core.mail import EmailMessage, get_connection
from django_tasks import task

from forums import notifications


@task()
def send_new_post_emails(post_id):
    """Email the watchers of a new visible post. Returns how many emails went out."""
    return notifications.send_for_post(post_id)


@task()
def send_plain_email(subject, body, recipients, reply_to=None):
    """Send one plain-text email (moderation decisions, crisis alerts) to each recipient."""
    reply = [reply_to] if reply_to else None
    messages = [
        EmailMessage(subject=subject, body=body, to=[address], reply_to=reply) for address in recipients
    ]
    return get_connection().send_messages(messages)
