""" "Reach out" in a crisis, by email and as a private message.

forums.crisis (below the messaging layer) emails the member, logs the contact and marks the case;
forums.messages (above it) delivers the same words as a private message. This module sits above
both and joins them, so neither imports the other the wrong way.
"""

from django.db import transaction

from forums import crisis, messages


def deliver_private_message(moderator, recipient, subject, body):
    """Send the caring note as a private message too; True when one was delivered."""
    return messages.send_from_moderator(moderator, recipient, subject, body) is not None


@transaction.atomic
def reach_out(moderator, post, message, now=None):
    """crisis.reach_out, with the private message: both, or (on an error) neither."""
    return crisis.reach_out(moderator, post, message, now=now, deliver=deliver_private_message)


@transaction.atomic
def reach_out_about_message(moderator, case, message, now=None):
    """crisis.reach_out_about_message (a private message's case), with the private message."""
    return crisis.reach_out_about_message(moderator, case, message, now=now, deliver=deliver_private_message)
