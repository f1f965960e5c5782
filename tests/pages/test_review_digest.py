"""The weekly digest of medical reviews due, for editors."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from pages.review_digest import send_review_digest
from tests.factories import ConditionArticlePageFactory, ConditionIndexPageFactory


@pytest.fixture
def editors(django_user_model, home):
    group = Group.objects.get(name="Editors")
    users = [
        django_user_model.objects.create_user("ed1", "ed1@example.org", "x" * 12),
        django_user_model.objects.create_user("ed2", "ed2@example.org", "x" * 12),
        django_user_model.objects.create_user("gone", "gone@example.org", "x" * 12, is_active=False),
        django_user_model.objects.create_user("nomail", "", "x" * 12),
    ]
    for user in users:
        user.groups.add(group)
    django_user_model.objects.create_user("visitor", "visitor@example.org", "x" * 12)
    return users


@pytest.fixture
def articles(home):
    today = timezone.localdate()
    section = ConditionIndexPageFactory(parent=home)
    days = datetime.timedelta
    for title, due in [
        ("Overdue article", today - days(5)),
        ("Soon article", today + days(20)),
        ("Fresh article", today + days(200)),
    ]:
        ConditionArticlePageFactory(
            parent=section, title=title, last_reviewed=due - days(365), next_review_due=due
        )
    ConditionArticlePageFactory(
        parent=section, title="Unreviewed article", last_reviewed=None, next_review_due=None
    )


def test_each_active_editor_gets_the_articles_due_in_30_days(editors, articles, mailoutbox):
    assert send_review_digest() == 2
    assert sorted(mail.to[0] for mail in mailoutbox) == ["ed1@example.org", "ed2@example.org"]
    mail = mailoutbox[0]
    assert mail.subject == "Medical reviews due: 3 articles"
    assert "Unreviewed article: never reviewed" in mail.body
    assert "Overdue article: overdue since" in mail.body and "Soon article: due" in mail.body
    assert "Fresh article" not in mail.body
    assert "/admin/reports/overdue-reviews/" in mail.body


def test_nothing_is_sent_when_nothing_is_due(editors, home, mailoutbox):
    ConditionArticlePageFactory(
        parent=ConditionIndexPageFactory(parent=home),
        next_review_due=timezone.localdate() + datetime.timedelta(days=90),
    )
    assert send_review_digest() == 0 and mailoutbox == []


def test_the_command_runs_the_digest_task(editors, articles, mailoutbox):
    out = StringIO()
    call_command("send_review_digest", stdout=out)
    assert "Review digest queued" in out.getvalue()
    assert len(mailoutbox) == 2  # the test settings run tasks immediately
