"""The moderation queue's cards (forums.queue_cards), with the real Redis `make test` starts:
rendered for each request and never stored in the shared cache (a held post is in no cached
fragment), never stale after a moderator's action, a new report or a new held post, each form
with the reader's CSRF token, and never showing one moderator what only another may see."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.template.loader import get_template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import dateformat, timezone, translation
from django.utils.safestring import mark_safe

from core.shaped_templates import ShapedTemplate
from demo.factories.forums import (
    CannedResponseFactory,
    MemberFactory,
    PostFactory,
    ReportFactory,
    TopicFactory,
    make_lead_moderator,
    make_moderator,
)
from forums import actions, queue_cards, queue_history, review_queue
from forums.models import CannedResponse, Post, Status
from tests.forums.test_moderation_queue import QUEUE_QUERIES, _hold


def cards_shown(response):
    return page(response).count('class="queue-item')


def page(response):
    assert response.status_code == 200
    return response.content.decode()


def card(html, post):
    """The HTML of `post`'s card on a queue page, or None."""
    found = BeautifulSoup(html, "html.parser").select_one(f"#queue-{post.pk}")
    return str(found) if found else None


def signed_in(user, **options):
    client = Client(**options)
    client.force_login(user)
    return client


def cached_values(cache):
    """Every entry of this test's shared cache (its own key prefix), as stored."""
    client = cache._cache.get_client()
    prefix = cache.make_key("")
    return [cache.get(key.decode()[len(prefix) :]) for key in client.keys(prefix + "*")]


@pytest.fixture
def queue(board):
    """Three posts in the queue: held, reported, and a held reply with a crisis report."""
    topic = TopicFactory(board=board, title="Scan results", posts=1)
    reported = topic.posts.get(is_first=False)
    held = PostFactory(topic=topic, author=MemberFactory(display_name="Hazel").user, body="Held words")
    held.status = Status.HELD
    held.save()
    ReportFactory(post=reported, details="Looks like spam")
    crisis = PostFactory(topic=topic, body="Crisis words", status=Status.HELD)
    ReportFactory(post=crisis, reason="crisis")
    CannedResponseFactory(title="Be kind", text="Please be kind")
    return {"held": held, "reported": reported, "crisis": crisis}


def test_held_and_reported_posts_never_reach_the_shared_cache(redis_cache, board, moderator, queue):
    """Issue 15: a held post never appears in any cached fragment. Every queue card shows a held
    or reported post, so cards are rendered for each request and never stored."""
    for _ in range(2):
        response = signed_in(moderator.user).get("/moderation/")
        assert cards_shown(response) == 3
    assert "Held words" in page(response) and "Crisis words" in page(response)
    for value in cached_values(redis_cache):
        assert "Held words" not in repr(value) and "Crisis words" not in repr(value)


def test_the_cards_forms_carry_the_readers_csrf_token(redis_cache, board, moderator, queue):
    reader = signed_in(moderator.user, enforce_csrf_checks=True)
    html = page(reader.get("/moderation/"))
    held = queue["held"]
    form = BeautifulSoup(card(html, held), "html.parser").select_one(f'form[action$="/{held.pk}/approve/"]')
    token = form.select_one('input[name="csrfmiddlewaretoken"]')["value"]
    response = reader.post(form["action"], {"csrfmiddlewaretoken": token, "reason": ""})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == Status.VISIBLE


def test_actions_reports_and_new_posts_show_at_once(redis_cache, board, moderator, queue):
    mod = signed_in(moderator.user)
    page(mod.get("/moderation/"))
    held, reported, crisis = queue["held"], queue["reported"], queue["crisis"]

    actions.approve(moderator.user, held)
    html = page(mod.get("/moderation/"))
    assert card(html, held) is None
    # The approved post is now the visible message before the crisis post: its card shows it.
    assert "<p>Held words</p></details>" in card(html, crisis)

    actions.reject(moderator.user, crisis, "Off topic")
    assert card(page(mod.get("/moderation/")), crisis) is None

    second = ReportFactory(post=reported, reason="abuse", details="Second report")
    shown = card(page(mod.get("/moderation/")), reported)
    assert "2 reports" in shown and "Second report" in shown
    actions.dismiss_report(moderator.user, second)
    shown = card(page(mod.get("/moderation/")), reported)
    assert "1 report<" in shown and "Second report" not in shown

    actions.hide(moderator.user, reported, "Spam")
    assert card(page(mod.get("/moderation/")), reported) is None

    new = PostFactory(topic=TopicFactory(board=board), body="Brand new held post", status=Status.HELD)
    assert "Brand new held post" in card(page(mod.get("/moderation/")), new)


def test_the_authors_history_and_a_held_edit_show_at_once(redis_cache, board, moderator):
    author = MemberFactory(display_name="Pat")
    topic = TopicFactory(board=board)
    held = PostFactory(topic=topic, author=author.user, body="Held words", status=Status.HELD)
    visible = PostFactory(topic=topic, author=author.user, body="Visible words")
    mod = signed_in(moderator.user)
    shown = card(page(mod.get("/moderation/")), held)
    assert "No earlier moderation actions." in shown and "2 posts (1 visible)" in shown
    actions.hide(moderator.user, visible, "Rude")
    shown = card(page(mod.get("/moderation/")), held)
    assert "1 earlier moderation action" in shown and "Rude" in shown and "2 posts (0 visible)" in shown

    other = PostFactory(topic=topic, body="Old text")
    Post.objects.filter(pk=other.pk).update(pending_body="New text", pending_at=timezone.now())
    shown = card(page(mod.get("/moderation/")), other)
    assert "Edit awaiting review" in shown and "New text" in shown
    assert f"/{other.pk}/approve_edit/" in shown and f"/{other.pk}/reject_edit/" in shown
    actions.approve_edit(moderator.user, Post.objects.get(pk=other.pk))
    assert card(page(mod.get("/moderation/")), other) is None


def test_a_changed_saved_response_shows_at_once(redis_cache, board, moderator, queue):
    mod = signed_in(moderator.user)
    assert 'data-text="Please be kind"' in card(page(mod.get("/moderation/")), queue["held"])
    response = CannedResponseFactory._meta.model.objects.get(title="Be kind")
    response.text = "Please stay kind"
    response.save()
    shown = card(page(mod.get("/moderation/")), queue["held"])
    assert 'data-text="Please stay kind"' in shown and "Please be kind" not in shown


def test_moderators_never_see_each_others_scope(redis_cache, board, other_board, moderator):
    """A lead moderator sees an author's history on every board; a board's moderator only on
    theirs, even when the lead's card of the same post is in the cache."""
    author = MemberFactory(display_name="Pat")
    elsewhere = PostFactory(topic=TopicFactory(board=other_board), author=author.user, body="Elsewhere")
    actions.hide(make_lead_moderator("LeadDee").user, elsewhere, "Secret reason on the other board")
    held = PostFactory(topic=TopicFactory(board=board), author=author.user, body="Held", status=Status.HELD)
    other_held = PostFactory(
        topic=TopicFactory(board=other_board), body="Other board post", status=Status.HELD
    )
    lead = signed_in(make_lead_moderator("LeadEve").user)
    lead_page = page(lead.get("/moderation/"))
    assert "Secret reason on the other board" in card(lead_page, held)
    assert card(lead_page, other_held) is not None
    response = signed_in(moderator.user).get("/moderation/")
    mine = page(response)
    assert cards_shown(response) == 1  # not the lead's card
    assert "Secret reason on the other board" not in mine and "No earlier moderation actions." in card(
        mine, held
    )
    assert card(mine, other_held) is None and "Other board post" not in mine
    other = signed_in(make_moderator(other_board, "ModFay").user)
    theirs = page(other.get("/moderation/"))
    assert card(theirs, held) is None and card(theirs, other_held) is not None


def test_member_text_is_escaped_in_cards(redis_cache, board, moderator):
    author = MemberFactory(display_name="<b>Bold</b>")
    topic = TopicFactory(board=board, title="<script>alert('title')</script>")
    held = PostFactory(topic=topic, author=author.user, body="<script>alert('body')</script>")
    Post.objects.filter(pk=held.pk).update(status=Status.HELD, held_reason="<i>reason</i>")
    ReportFactory(post=held, details="<img src=x onerror=alert(1)>")
    CannedResponseFactory(title="<u>t</u>", text='"><script>alert(2)</script>')
    mod = signed_in(moderator.user)
    for response in (mod.get("/moderation/"), mod.get("/moderation/")):
        shown = card(page(response), held)
        for raw in ("<script>", "<b>Bold", "<i>reason", "<img src=x", "<u>t</u>"):
            assert raw not in shown
        assert "&lt;b&gt;Bold&lt;/b&gt;" in shown and "&lt;img src=x onerror=alert(1)&gt;" in shown


def test_cards_sentences_and_dates_in_english_and_spanish(redis_cache, board, moderator, queue):
    """The card's sentences that name the post, its topic or its author, its counts and its
    dates come translated and formatted from forums.queue_cards, with the catalogue's
    translations as the template's tags had them."""
    reported, held = queue["reported"], queue["held"]
    created = timezone.localtime(reported.created_at)
    english = card(page(signed_in(moderator.user).get("/moderation/")), reported)
    assert "Reply in “Scan results”" in english and "1 report<" in english
    assert f"post {reported.pk}<" in english and f"for post {reported.pk}<" in english
    assert f'datetime="{created.isoformat()}"' in english
    assert f">{dateformat.format(created, 'M j, Y, g:i a')}<" in english
    assert "Author: " in english and " posts (" in english and " approved" in english
    assert "Held: " not in english  # only a held post says why it is held

    spanish = signed_in(moderator.user).get("/es/moderation/")
    reported_es, held_es = card(page(spanish), reported), card(page(spanish), held)
    assert "Respuesta en “Scan results”" in reported_es and "1 reporte<" in reported_es
    assert f"publicación {reported.pk}<" in reported_es and "Autor: " in reported_es
    assert "Autor: Hazel" in held_es and "Miembro desde " in held_es


@pytest.mark.parametrize("language", ["en", "es"])
def test_cards_dates_are_the_date_filters_own(language):
    """The cards format their dates without the `date` filter (issue 15): the same text for
    every month, every hour of the day and both halves of it, in each language."""
    with translation.override(language):
        tr = queue_cards.PageText()
        for month in range(1, 13):
            for hour in range(24):
                moment = timezone.make_aware(dt.datetime(2026, month, 1 + hour, hour, 7 * month % 60))
                local = timezone.localtime(moment)
                assert queue_cards.when(moment, tr) == (
                    local.isoformat(),
                    dateformat.format(local, "M j, Y, g:i a"),
                )
                assert queue_cards.when(moment, tr, with_time=False)[1] == dateformat.format(local, "M j, Y")


def test_cards_labels_follow_the_language():
    """Labels and choice labels are kept per language for the process: each language gets its own."""
    with translation.override("es"):
        spanish = queue_cards.labels()
    with translation.override("en"):
        english = queue_cards.labels()
    assert english["approve"] == "Approve" and spanish["approve"] != "Approve"
    assert queue_cards.labels() is english


def test_queue_budget_is_the_same_at_two_sizes(redis_cache, board, moderator, django_assert_max_num_queries):
    """The queries stay the queue's fixed set with 30 and 300 held posts."""
    client = signed_in(moderator.user)
    CannedResponseFactory()
    _hold(board, 30)
    client.get("/moderation/")
    with django_assert_max_num_queries(QUEUE_QUERIES):
        small = client.get("/moderation/")
    assert cards_shown(small) == 20
    _hold(board, 270, start=30)
    client.get("/moderation/?page=3")
    with django_assert_max_num_queries(QUEUE_QUERIES):
        large = client.get("/moderation/?page=3")
    assert cards_shown(large) == 20


def test_header_counts_come_from_one_query_and_count_each_post_and_report_once(
    redis_cache, board, other_board, moderator, queue
):
    """The queue's size, held posts, open and crisis reports in one aggregate over the
    candidates: a held post with two reports is one held post and two reports."""
    ReportFactory(post=queue["crisis"], reason="spam")
    PostFactory(topic=TopicFactory(board=other_board), body="Other board", status=Status.HELD)
    html = page(signed_in(moderator.user).get("/moderation/"))
    assert "2 posts awaiting review, 3 open reports, <strong>1 crisis report</strong>" in html
    lead = page(signed_in(make_lead_moderator("LeadGus").user).get("/moderation/"))
    assert "3 posts awaiting review, 3 open reports, <strong>1 crisis report</strong>" in lead


def test_a_lead_moderators_queue_reads_no_list_of_boards(redis_cache, board, moderator, queue):
    """Every board is a lead moderator's: their queue filters on no list of boards, so it reads
    none (a board's moderator's queue reads theirs)."""
    lead = signed_in(make_lead_moderator("LeadHal").user)
    lead.get("/moderation/")
    with CaptureQueriesContext(connection) as ctx:
        response = lead.get("/moderation/")
    assert "Held words" in page(response)
    # One query reads boards: the page's own, loaded with its posts (by their ids).
    boards = [q["sql"] for q in ctx.captured_queries if 'FROM "forums_boardpage"' in q["sql"]]
    assert len(boards) == 1 and 'WHERE "forums_boardpage"."page_ptr_id" = ANY(' in boards[0]
    mod = signed_in(moderator.user)
    with CaptureQueriesContext(connection) as ctx:
        assert "Held words" in page(mod.get("/moderation/"))
    assert len([q for q in ctx.captured_queries if 'FROM "forums_boardpage"' in q["sql"]]) == 2


def test_each_card_has_its_own_reason_boxes(board, moderator, queue):
    """The reason boxes are rendered once a page and given each card's post number: every
    card's textareas, labels, help and saved-response lists have ids of their own, each label
    names its field, and no stand-in is left in the page."""
    html = page(signed_in(moderator.user).get("/moderation/"))
    soup = BeautifulSoup(html, "html.parser")
    for post, prefix in [(queue["held"], "reject"), (queue["crisis"], "reject"), (queue["reported"], "hide")]:
        box = BeautifulSoup(card(html, post), "html.parser")
        field = box.select_one(f"textarea#{prefix}{post.pk}-reason")
        assert field is not None and field["name"] == "reason"
        assert box.select_one(f'label[for="{prefix}{post.pk}-reason"]') is not None
        select = box.select_one(f"select#{prefix}{post.pk}-canned")
        assert select["data-target"] == f"{prefix}{post.pk}-reason"
        assert [o.text for o in select.select("option")] == ["(none)", "Be kind"]
    if_required = soup.select_one(f"#reject{queue['held'].pk}-reason-help")
    assert if_required is not None
    ids = [tag["id"] for tag in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    assert len(soup.select("textarea.reason-field")) == 4  # reject ×2, hide ×1, the bulk box


def test_cards_filled_into_their_shapes_are_the_cards_the_template_renders(board, moderator):
    """The cards are rendered once per shape and each card's values filled in
    (core.shaped_templates): every kind of card (held, reported twice, a held edit with its
    diff, a crisis, a banned, a suspended and a deleted author, a history, shortened texts,
    member text with markup) is, to the character, what the card template renders with the
    same values."""
    topic = TopicFactory(board=board, title="A & <title>")
    long_text = " ".join(f"word{i}" for i in range(80))
    PostFactory(topic=topic, body=long_text)  # the message before the next: shortened to 50 words
    pat = MemberFactory(display_name="<b>Pat</b>")
    held = PostFactory(topic=topic, author=pat.user, body="<script>x</script>", status=Status.HELD)
    twin = PostFactory(topic=topic, author=pat.user, body="Twin", status=Status.HELD)  # held's shape
    Post.objects.filter(pk__in=[held.pk, twin.pk]).update(held_reason="Links & <things>")
    hidden = PostFactory(topic=topic, author=pat.user, body="Rude words")
    actions.hide(moderator.user, hidden, " ".join(f"because{i}" for i in range(30)))  # in Pat's history
    edited = PostFactory(topic=topic, body="line one\nline two")
    Post.objects.filter(pk=edited.pk).update(
        pending_body="line one\nline <three>",
        pending_at=timezone.now(),
        pending_reason="typo & case",
        pending_title="New <title>",
    )
    ReportFactory(post=edited, details='"quoted" <details>')
    ReportFactory(post=edited, reason="crisis")
    banned = MemberFactory(display_name="Ban", is_banned=True)
    PostFactory(topic=topic, author=banned.user, status=Status.HELD)
    away = MemberFactory(display_name="Away", suspended_until=timezone.now() + timezone.timedelta(days=3))
    ReportFactory(post=PostFactory(topic=topic, author=away.user))
    gone = PostFactory(topic=topic, status=Status.HELD)
    Post.objects.filter(pk=gone.pk).update(author=None)
    CannedResponseFactory(title="<u>Kind</u>", text='"><b>Be kind</b>')

    counts = review_queue.queue_counts(None)
    rows = queue_history.decorate(
        review_queue.page_posts(list(review_queue.QueueKeys(None, counts["queue"])[0:20]))
    )
    assert len(rows) == 6
    urls, tr = queue_cards.Urls(), queue_cards.PageText()
    page_context = {
        "label": queue_cards.labels(),
        "csrf_input": mark_safe('<input name="csrfmiddlewaretoken">'),
        "canned": queue_cards.canned_values(CannedResponse.objects.all()),
    }
    template = get_template(queue_cards.CARD_TEMPLATE)
    shaped = ShapedTemplate(template, page_context, "card", kept=queue_cards.CARD_KEPT)
    shown = {}
    for post in rows:
        values = queue_cards.card_values(post, moderator.user, urls, tr)
        shown[post.pk] = shaped.render(values)
        assert shown[post.pk] == template.render({"card": values, **page_context})
    assert len(shaped.shapes) == len(rows) - 1  # Pat's two held posts share a shape
    assert "word49 …" in shown[held.pk] and "word50" not in shown[held.pk]
    assert "because19 …" in shown[held.pk] and "because20" not in shown[held.pk]
    assert "<script>" not in shown[held.pk] and "<p>&lt;script&gt;x" in shown[held.pk]  # as saved
    assert "&lt;b&gt;Pat&lt;/b&gt;" in shown[held.pk] and "Links &amp; &lt;things&gt;" in shown[held.pk]
    assert "<ins><span" in shown[edited.pk] and "line &lt;three&gt;" in shown[edited.pk]
    assert "&quot;quoted&quot; &lt;details&gt;" in shown[edited.pk]
