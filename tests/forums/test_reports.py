"""Members report posts; crisis reports reach moderators at once and show help to the reporter."""

from django.core import mail
from django.test import Client

from demo.factories.forums import MemberFactory, PostFactory, TopicFactory, make_moderator
from forums.models import ForumSettings, Report, ReportReason


def test_report_reasons_are_exactly_the_agreed_ones():
    assert [label for _, label in ReportReason.choices] == [
        "Spam",
        "Abuse or harassment",
        "Medical misinformation",
        "Personal information shared",
        "Someone may be at risk",
        "Other",
    ]


def test_report_form_and_one_report_per_member(member_client, board):
    post = PostFactory(topic=TopicFactory(board=board), body="Buy cheap pills")
    url = board.url + f"posts/{post.pk}/report/"
    form = member_client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert "Someone may be at risk" in html and "Medical misinformation" in html and "911" in html
    other = member_client.post(url, {"reason": "other", "details": "  "})
    assert other.status_code == 400 and "Tell us what the problem is." in other.content.decode()
    assert member_client.post(url, {"reason": "nonsense"}).status_code == 400
    done = member_client.post(url, {"reason": "spam"})
    assert done.status_code == 200 and "your report is received" in done.content.decode()
    again = member_client.post(url, {"reason": "abuse"})
    assert again.status_code == 200 and "You already reported this post" in again.content.decode()
    assert Report.objects.count() == 1
    assert f"posts/{post.pk}/report/" in member_client.get(post.topic.url).content.decode()


def test_reporting_needs_an_account_and_a_visible_post_not_your_own(client, board, member_client, member):
    post = PostFactory(topic=TopicFactory(board=board))
    url = board.url + f"posts/{post.pk}/report/"
    assert Client().get(url).status_code == 302
    own = PostFactory(topic=TopicFactory(board=board, author=member.user), author=member.user)
    assert member_client.get(board.url + f"posts/{own.pk}/report/").status_code == 403
    held = PostFactory(topic=TopicFactory(board=board), status="held")
    assert member_client.get(board.url + f"posts/{held.pk}/report/").status_code == 404
    assert member_client.get(board.url + "posts/99999999/report/").status_code == 404


def test_reports_are_rate_limited(member_client, board, site):
    config = ForumSettings.for_site(site)
    config.reports_per_hour = 2
    config.save()
    posts = [PostFactory(topic=TopicFactory(board=board)) for _ in range(3)]
    codes = [
        member_client.post(board.url + f"posts/{p.pk}/report/", {"reason": "spam"}).status_code for p in posts
    ]
    assert codes == [200, 200, 429]
    assert Report.objects.count() == 2


def test_crisis_report_alerts_moderators_and_shows_help(
    member_client, board, other_board, lead, site, django_capture_on_commit_callbacks
):
    from resources.models import HelplineSettings

    moderator = make_moderator(board)
    other_mod = make_moderator(other_board)
    helpline = HelplineSettings.for_site(site)
    post = PostFactory(
        topic=TopicFactory(board=board, title="Tonight"), body="I don't want to be here anymore"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            board.url + f"posts/{post.pk}/report/", {"reason": "crisis", "details": "Please check on them"}
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="tel:911"' in html and 'href="tel:988"' in html and helpline.display_number in html
    recipients = [address for message in mail.outbox for address in message.to]
    assert sorted(recipients) == sorted([moderator.user.email, lead.user.email])  # one email each
    assert other_mod.user.email not in recipients
    for alert in mail.outbox:
        assert alert.subject.startswith("URGENT") and board.title in alert.subject
        assert "Please check on them" in alert.body and "/moderation/posts/" in alert.body


def test_non_crisis_report_sends_no_alert(member_client, board, django_capture_on_commit_callbacks):
    make_moderator(board)
    post = PostFactory(topic=TopicFactory(board=board))
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(board.url + f"posts/{post.pk}/report/", {"reason": "misinformation"})
    assert mail.outbox == []


def test_report_text_is_escaped_for_moderators(board, moderator, mod_client):
    reporter = MemberFactory()
    post = PostFactory(topic=TopicFactory(board=board))
    Report.objects.create(
        post=post, reporter=reporter.user, reason="other", details="<script>alert(1)</script>"
    )
    for url in ("/moderation/", f"/moderation/posts/{post.pk}/"):
        html = mod_client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
