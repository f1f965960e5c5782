"""Replies and double submits at the same instant, on the suite's real PostgreSQL (threads,
each with its own connection), and a database that goes away between the commit and the
answer, for replies and for edits. Issue 13, items 1-3."""

import threading
import uuid

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test import Client

from demo.factories.forums import MemberFactory, PostFactory, TopicFactory
from forums import posting
from forums.models import Post, PostEdit, PostRevision, Status, Topic

concurrent = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_together(*jobs):
    """Run each job in its own thread, all released at the same moment; re-raise failures."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def worker(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@concurrent
def test_simultaneous_replies_keep_every_topic_counter_right(board):
    first, second = MemberFactory(display_name="Ash"), MemberFactory(display_name="Birch")
    topics = [TopicFactory(board=board, author=first.user) for _ in range(40)]

    for n, topic in enumerate(topics):
        run_together(
            lambda t=topic, n=n: posting.reply_to(t, first, f"From Ash on {n}"),
            lambda t=topic, n=n: posting.reply_to(t, second, f"From Birch on {n}"),
        )

    wrong_count, wrong_last = [], []
    for topic in Topic.objects.filter(pk__in=[t.pk for t in topics]):
        visible = Post.objects.filter(topic=topic, status=Status.VISIBLE)
        newest = visible.order_by("-created_at", "-pk").first()
        if topic.reply_count != visible.count() - 1:
            wrong_count.append(topic.pk)
        if topic.last_post_id != newest.pk or topic.last_post_at != newest.created_at:
            wrong_last.append(topic.pk)
    assert visible.count() == 3
    assert wrong_count == [] and wrong_last == []


def member_client(member):
    client = Client()
    client.force_login(member.user)
    return client


@concurrent
def test_a_double_submit_saves_the_reply_once_and_both_sends_see_it(board):
    author = MemberFactory(display_name="Dune")
    topics = [TopicFactory(board=board, author=author.user) for _ in range(20)]
    # A member per topic: one member's twenty replies would meet the new-member posting limit.
    members = [MemberFactory(display_name=f"Cedar {n}") for n in range(20)]

    for topic, member in zip(topics, members, strict=True):
        form = {"message": f"Thank you for sharing, {topic.title}", "submission_token": str(uuid.uuid4())}
        url = topic.url + "reply/"
        clients = [member_client(member), member_client(member)]
        responses = run_together(*(lambda c=c, u=url, f=form: c.post(u, f) for c in clients))
        assert [r.status_code for r in responses] == [302, 302]
        assert responses[0]["Location"] == responses[1]["Location"]

    for topic, member in zip(topics, members, strict=True):
        assert Post.objects.filter(topic=topic, author=member.user).count() == 1
        topic.refresh_from_db()
        assert topic.reply_count == 1


def test_a_repeated_form_shows_the_saved_post_instead_of_a_duplicate_error(client, board, member):
    client.force_login(member.user)
    page = client.get(board.url + "new/").content.decode()
    tokens = {client.get(board.url + "new/").context["form"]["submission_token"].value() for _ in range(2)}
    assert len(tokens) == 2  # one token per rendering of the form
    assert 'name="submission_token"' in page and "data-submit-once" in page and "js/submit-once.js" in page

    form = {"title": "Scan day", "message": "Nervous about tomorrow", "submission_token": str(uuid.uuid4())}
    first = client.post(board.url + "new/", form)
    again = client.post(board.url + "new/", form, follow=True)
    topic = Topic.objects.get()
    assert first["Location"] == topic.url
    assert again.redirect_chain[-1][0] == topic.url
    assert "We had already received this message" in again.content.decode()
    assert Post.objects.count() == 1

    reply = {"message": "Thinking of you", "submission_token": str(uuid.uuid4())}
    saved = client.post(topic.url + "reply/", reply)
    repeat = client.post(topic.url + "reply/", reply)
    assert repeat.status_code == 302 and repeat["Location"] == saved["Location"]
    assert Post.objects.count() == 2

    # Another member cannot reach someone else's post by replaying their token.
    other = MemberFactory(display_name="Elm")
    client.force_login(other.user)
    assert client.post(topic.url + "reply/", reply).status_code == 302
    assert Post.objects.filter(author=other.user).count() == 1


def test_a_mangled_token_is_ignored_and_the_reply_still_posts(member_client, board, other_member):
    topic = TopicFactory(board=board, author=other_member.user)
    response = member_client.post(topic.url + "reply/", {"message": "Hi", "submission_token": "<x>"})
    assert response.status_code == 302
    assert Post.objects.filter(topic=topic, is_first=False).get().submission_token is None


def _terminate(pid):
    """Kill a PostgreSQL backend from another connection, as a server restart would."""

    def kill():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        connection.close()

    thread = threading.Thread(target=kill)
    thread.start()
    thread.join()


@concurrent
def test_database_lost_after_the_commit_then_a_retry_shows_the_saved_reply(client, board):
    member = MemberFactory(display_name="Fern")
    topic = TopicFactory(board=board, author=MemberFactory(display_name="Gale").user)
    client.force_login(member.user)
    form = {
        "message": "My <b>first</b> reply <script>alert(1)</script>",
        "submission_token": str(uuid.uuid4()),
    }

    def lose_database_after_commit(sender, instance, created, **kwargs):
        if created and not instance.is_first:
            pid = connection.connection.info.backend_pid
            connection.on_commit(lambda: _terminate(pid))

    post_save.connect(lose_database_after_commit, sender=Post)
    try:
        failed = client.post(topic.url + "reply/", form)
    finally:
        post_save.disconnect(lose_database_after_commit, sender=Post)
    connection.close()  # what the server does with a broken connection at the end of a request

    assert failed.status_code == 503 and failed["Retry-After"] == "30"
    body = failed.content.decode()
    assert "Your message is safe" in body
    # What the member typed is given back (escaped), ready to send again with the same token.
    assert "My &lt;b&gt;first&lt;/b&gt; reply &lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body
    assert f'name="submission_token" value="{form["submission_token"]}"' in body
    assert f'action="{topic.url}reply/"' in body
    assert Post.objects.filter(author=member.user).count() == 1  # it was saved after all

    retry = client.post(topic.url + "reply/", form, follow=True)
    saved = Post.objects.get(author=member.user)
    assert retry.status_code == 200 and f"#post-{saved.pk}" in retry.redirect_chain[-1][0]
    assert "We had already received this message" in retry.content.decode()
    assert Post.objects.filter(author=member.user).count() == 1


def test_the_outage_page_for_a_failed_get_keeps_nothing(rf):
    from komensite.middleware import database_unavailable_response

    response = database_unavailable_response(rf.get("/boards/x/new/?message=hi"))
    assert response.status_code == 503 and "Your message is safe" not in response.content.decode()


def _edit_url(post):
    return f"{post.board.url}posts/{post.pk}/edit/"


@concurrent
def test_a_double_submit_of_an_edit_applies_it_once_and_both_sends_see_the_post(board):
    """The edit form's token: two sends of one rendering at the same instant edit once (one
    revision), and both answers lead to the saved post."""
    topic_author = MemberFactory(display_name="Hazel")
    members = [MemberFactory(display_name=f"Iris {n}") for n in range(10)]
    posts = [
        PostFactory(topic=TopicFactory(board=board, author=topic_author.user), author=member.user)
        for member in members
    ]

    for n, (post, member) in enumerate(zip(posts, members, strict=True)):
        form = {"message": f"Better words, take {n}", "submission_token": str(uuid.uuid4())}
        clients = [member_client(member), member_client(member)]
        url = _edit_url(post)
        responses = run_together(*(lambda c=c, u=url, f=form: c.post(u, f) for c in clients))
        assert [r.status_code for r in responses] == [302, 302]
        assert responses[0]["Location"] == responses[1]["Location"]
        assert f"#post-{post.pk}" in responses[0]["Location"]

    for n, post in enumerate(posts):
        post.refresh_from_db()
        assert post.body == f"Better words, take {n}"
        assert PostRevision.objects.filter(post=post).count() == 1
        assert PostEdit.objects.filter(post=post).count() == 1


def test_a_resent_edit_form_shows_the_saved_post_instead_of_editing_again(client, board, member):
    topic = TopicFactory(board=board, author=member.user)
    post = Post.objects.get(topic=topic, is_first=True)
    client.force_login(member.user)
    url = _edit_url(post)
    page = client.get(url).content.decode()
    tokens = {client.get(url).context["form"]["submission_token"].value() for _ in range(2)}
    assert len(tokens) == 2  # one token per rendering of the form
    assert 'name="submission_token"' in page and "data-submit-once" in page and "js/submit-once.js" in page

    form = {
        "title": "Scan day, updated",
        "message": "Results are good",
        "submission_token": str(uuid.uuid4()),
    }
    first = client.post(url, form)
    again = client.post(url, form, follow=True)
    assert first.status_code == 302 and again.redirect_chain[0][0] == first["Location"]
    assert "We had already received this edit" in again.content.decode()
    assert PostRevision.objects.filter(post=post).count() == 1
    topic.refresh_from_db()
    assert topic.title == "Scan day, updated"

    # A new rendering of the form is a new edit.
    newer = {
        "title": "Scan day, updated",
        "message": "Results are great",
        "submission_token": str(uuid.uuid4()),
    }
    assert client.post(url, newer).status_code == 302
    assert PostRevision.objects.filter(post=post).count() == 2
    post.refresh_from_db()
    assert post.body == "Results are great"
    # Sending the first form again changes nothing back.
    assert client.post(url, form).status_code == 302
    post.refresh_from_db()
    assert post.body == "Results are great" and PostRevision.objects.filter(post=post).count() == 2


def test_an_edit_without_a_token_still_applies(member_client, board, member):
    post = PostFactory(topic=TopicFactory(board=board), author=member.user)
    response = member_client.post(_edit_url(post), {"message": "Plain edit", "submission_token": "<x>"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Plain edit" and not PostEdit.objects.filter(post=post).exists()


@concurrent
def test_database_lost_after_an_edit_commits_then_a_retry_shows_the_saved_post(client, board):
    member = MemberFactory(display_name="Juniper")
    post = PostFactory(topic=TopicFactory(board=board), author=member.user, body="Before")
    client.force_login(member.user)
    form = {"message": "After <b>the</b> scan", "submission_token": str(uuid.uuid4())}

    def lose_database_after_commit(sender, instance, created, **kwargs):
        if created:
            pid = connection.connection.info.backend_pid
            connection.on_commit(lambda: _terminate(pid))

    post_save.connect(lose_database_after_commit, sender=PostRevision)
    try:
        failed = client.post(_edit_url(post), form)
    finally:
        post_save.disconnect(lose_database_after_commit, sender=PostRevision)
    connection.close()

    assert failed.status_code == 503
    body = failed.content.decode()
    assert "After &lt;b&gt;the&lt;/b&gt; scan" in body
    assert f'name="submission_token" value="{form["submission_token"]}"' in body
    post.refresh_from_db()
    assert post.body == "After <b>the</b> scan"  # it was saved after all

    retry = client.post(_edit_url(post), form, follow=True)
    assert retry.status_code == 200 and f"#post-{post.pk}" in retry.redirect_chain[-1][0]
    assert "We had already received this edit" in retry.content.decode()
    assert PostRevision.objects.filter(post=post).count() == 1
