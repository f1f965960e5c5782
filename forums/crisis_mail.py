"""The crisis protocol's emails: the alert when a case opens, the escalation when nobody
acknowledges it, and the reply template moderators start from (forums/crisis.py opens,
handles and escalates the cases; this module writes to people about them).
"""

import logging
from functools import partial

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import Site

from core.dates import eastern_time
from forums import notifications, policy, tasks
from forums.email_preferences import email_language
from forums.modtools_models import CrisisCase, ModerationSettings
from resources.models import HelplineSettings

logger = logging.getLogger(__name__)


def settings_for_default_site():
    site = Site.objects.filter(is_default_site=True).first()
    return ModerationSettings.for_site(site) if site else ModerationSettings()


def _helpline():
    site = Site.objects.filter(is_default_site=True).first()
    return HelplineSettings.for_site(site) if site else HelplineSettings()


def reply_template(target, config=None):
    """The caring message a moderator starts from, with the author's name and the helpline.

    `target` is the post or private message whose author is reached."""
    config = config or settings_for_default_site()
    helpline = _helpline()
    values = {
        "name": target.author_name,
        "helpline": helpline.name,
        "helpline_number": helpline.display_number,
    }
    text = config.crisis_reply_template
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def _urls(case):
    root = notifications.site_root_url()
    urls = {
        "case_url": root + reverse("modtools:crisis_case", args=[case.pk]),
        "queue_url": root + reverse("moderation:queue"),
    }
    if case.post_id:
        urls["post_url"] = root + reverse("moderation:post", args=[case.post_id])
    elif case.message_report_id:
        urls["message_url"] = root + reverse("moderation:message_report", args=[case.message_report_id])
    return urls


def target_of(case):
    """The post or private message the case is about."""
    return case.post if case.post_id else case.message


def lead_moderators():
    return get_user_model().objects.filter(groups__name=policy.LEAD_MODERATORS, is_active=True)


def alert_moderators(case):
    """The immediate email: the board's moderators and the lead moderators (a private message's
    case: the lead moderators)."""
    if case.message_id:
        groups = _emails_by_language(lead_moderators())
        template, report, target = "forums/email/crisis_alert_message.txt", case.message_report, case.message
        context = {"message": case.message}
        where = "on a private message"
    else:
        board = case.post.board
        groups = _emails_by_language(policy.moderators_of(board))
        template, report, target = "forums/email/crisis_alert.txt", case.report, case.post
        context = {"post": case.post, "board": board}
        where = f"on board {board.pk}"
    if not groups:
        logger.error("Crisis case %s %s: no moderator to alert has an email address", case.pk, where)
        return 0
    context.update({"case": case, "report": report, "reply_template": reply_template(target)})

    def render():
        when = {"reported_at": eastern_time(report.created_at) if report else ""}
        body = render_to_string(template, {**context, **when, **_urls(case)})
        if case.message_id:
            return gettext("URGENT: someone may be at risk (private message)"), body
        return gettext("URGENT: someone may be at risk on %(board)s") % {"board": case.post.board.title}, body

    for recipients, subject, body in _in_each_language(groups, render):
        transaction.on_commit(partial(tasks.send_plain_email.enqueue, subject[:200], body, recipients))
    return sum(len(recipients) for recipients in groups.values())


def _in_each_language(groups, render):
    """(recipients, subject, body) per language group, `render()` called with that language
    active: each moderator reads crisis emails in their email language."""
    for language, recipients in groups.items():
        with translation.override(language):
            subject, body = render()
        yield recipients, subject, body


def _emails_by_language(users, extra=()):
    """{language: sorted addresses}: each moderator reads crisis emails in their email language;
    `extra` addresses (the staff on call) belong to no member and get the site's language."""
    groups = {}
    for user in users.select_related("member__preferences"):
        if user.email:
            groups.setdefault(email_language(user), set()).add(user.email)
    for address in extra:
        groups.setdefault(django_settings.LANGUAGE_CODE, set()).add(address)
    return {language: sorted(addresses) for language, addresses in sorted(groups.items())}


def send_escalation(case_id, number, waited=None):
    """Body of the escalation task: email lead moderators and the staff address."""
    case = (
        CrisisCase.objects.select_related(
            "post__topic", "board", "post__author__member", "message__author__member"
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None or case.acknowledged_at is not None or case.closed_at is not None:
        return 0  # acknowledged or closed before the worker got to it
    config = settings_for_default_site()
    staff = [config.crisis_staff_email] if config.crisis_staff_email else []
    groups = _emails_by_language(lead_moderators(), extra=staff)
    if not groups:
        logger.error("Crisis case %s: nobody to escalate to", case.pk)
        return 0
    context = {
        "case": case,
        "post": case.post,
        "message": case.message,
        "board": case.board,
        "number": number,
        "waited": waited
        if waited is not None
        else int((timezone.now() - case.opened_at).total_seconds() // 60),
        "reply_template": reply_template(target_of(case), config),
    }

    def render():
        when = {"opened_at": eastern_time(case.opened_at)}
        body = render_to_string("forums/email/crisis_escalation.txt", {**context, **when, **_urls(case)})
        if case.board_id:
            subject = gettext("URGENT, not yet acknowledged: someone may be at risk on %(board)s") % {
                "board": case.board.title
            }
        else:
            subject = gettext("URGENT, not yet acknowledged: someone may be at risk on a private message")
        return subject, body

    messages = [
        EmailMessage(subject=subject[:200], body=body, to=[address])
        for recipients, subject, body in _in_each_language(groups, render)
        for address in recipients
    ]
    return get_connection().send_messages(messages)
