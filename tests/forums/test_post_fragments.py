"""The topic page's per-post author lines from the shared cache (forums.fragments), with the
real Redis `make test` starts: reused between renders and readers, never stale after an edit,
an approval, a rename or a deleted account, and never holding a post a reader may not see."""

from unittest.mock import patch

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.middleware import csrf as csrf_module
from django.middleware.csrf import CsrfViewMiddleware, rotate_token
from django.test import Client, override_settings
from django.urls import reverse, set_script_prefix
from django.utils import translation

from core.cache import shells
from demo.factories.forums import MemberFactory, PostFactory, TopicFactory, UserFactory
from forums import actions, fragments, listing, posting, privacy, reactions
from forums.member_models import FieldVisibility, MemberProfile
from forums.models import Post, ProfileVisibility, Status
from forums.models.members import DELETED_MEMBER_NAME, NO_PROFILE_NAME

HEADER = fragments.HEADER_TEMPLATE


def headers_rendered(response):
    return sum(1 for template in response.templates if template.name == HEADER)


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def test_author_lines_are_rendered_once_and_shared_by_readers(redis_cache, board, member):
    author = MemberFactory(profile_visibility=ProfileVisibility.PUBLIC)
    topic = TopicFactory(board=board, author=author.user, posts=3)
    reader = Client()
    reader.force_login(member.user)
    first = Client().get(topic.url)
    assert headers_rendered(first) == 4
    assert headers_rendered(Client().get(topic.url)) == 0  # all four from Redis
    # A signed-in reader shares them too (the names link to public profiles for everyone).
    page = reader.get(topic.url)
    assert headers_rendered(page) == 0
    assert html(page).count('class="post__author"') == 4


def test_an_edit_shows_at_once(redis_cache, board):
    topic = TopicFactory(board=board, posts=1)
    post = topic.posts.get(is_first=False)
    assert "edited" not in html(Client().get(topic.url))
    posting.edit_post(post, post.author, "Changed words")
    page = html(Client().get(topic.url))
    assert "Changed words" in page and " · edited " in page


def test_a_rename_and_a_deleted_account_show_at_once(redis_cache, board):
    author = MemberFactory(display_name="Willow")
    topic = TopicFactory(board=board, author=author.user, posts=1)
    assert "Willow" in html(Client().get(topic.url))
    author.display_name = "Aspen"
    author.save()
    page = html(Client().get(topic.url))
    assert "Aspen" in page and "Willow" not in page
    privacy.delete_account(author.user, privacy.KEEP_POSTS)
    page = html(Client().get(topic.url))
    assert "Aspen" not in page and "Deleted member" in page


def test_profile_links_follow_visibility_and_the_reader(redis_cache, board, member):
    author = MemberFactory(display_name="Juniper", profile_visibility=ProfileVisibility.MEMBERS)
    topic = TopicFactory(board=board, author=author.user)
    profile = f"/members/{author.pk}/"
    reader = Client()
    reader.force_login(member.user)
    assert profile in html(reader.get(topic.url))  # signed in: the name links to the profile
    assert profile not in html(Client().get(topic.url))  # anonymous, after the member's render
    author.profile_visibility = ProfileVisibility.PUBLIC
    author.save()
    assert profile in html(Client().get(topic.url))


def test_held_and_hidden_posts_are_never_stored(redis_cache, board, moderator, member):
    topic = TopicFactory(board=board, posts=1)
    reply = topic.posts.get(is_first=False)
    held = PostFactory(topic=topic, author=member.user, body="Held words", status=Status.HELD)
    mod = Client()
    mod.force_login(moderator.user)
    author = Client()
    author.force_login(member.user)
    assert "Held words" in html(author.get(topic.url))
    assert "Held words" in html(mod.get(topic.url))
    assert redis_cache.get(stored_key(held)) is None
    assert "Held words" not in html(Client().get(topic.url))

    actions.hide(moderator.user, reply)
    assert "Hidden by a moderator" in html(mod.get(topic.url))
    assert redis_cache.get(stored_key(reply)) is None
    other = Client()
    other.force_login(MemberFactory().user)
    for client in (Client(), other):
        page = html(client.get(topic.url))
        assert reply.body not in page and f'id="post-{reply.pk}"' not in page

    actions.approve(moderator.user, held)  # approved: now anyone's, and shared
    assert "Held words" in html(Client().get(topic.url))
    assert redis_cache.get(stored_key(held)) is not None


def stored_key(post):
    (post,) = reactions.topic_decorations(
        AnonymousUser(), [Post.objects.annotate(**reactions.AUTHOR_COLUMNS).get(pk=post.pk)], ()
    )
    post.author_url = fragments._author_url(post, *fragments.author_links(None))
    return fragments.header_key(post)


def test_a_deleted_post_shows_its_placeholder(redis_cache, board):
    topic = TopicFactory(board=board, posts=1)
    reply = topic.posts.get(is_first=False)
    Client().get(topic.url)
    posting.delete_post(reply)
    page = html(Client().get(topic.url))
    assert "This message was deleted by its author." in page and reply.body not in page


def test_members_pages_are_their_own(redis_cache, board, member, other_member):
    """Reactions and saved posts are rendered per reader, outside the shared lines."""
    topic = TopicFactory(board=board, author=MemberFactory().user, posts=1)
    reply = topic.posts.get(is_first=False)
    reactions.toggle_bookmark(member.user, reply)
    mine, theirs = Client(), Client()
    mine.force_login(member.user)
    theirs.force_login(other_member.user)
    assert "Saved ✓" in html(mine.get(topic.url))
    page = html(theirs.get(topic.url))
    assert "Saved ✓" not in page and headers_rendered(theirs.get(topic.url)) == 0


def test_row_urls_format_what_reverse_gives(board):
    urls = fragments.RowUrls(f"/boards/x/posts/{fragments.STAND_IN}/edit/")
    assert urls(42) == "/boards/x/posts/42/edit/"
    with pytest.raises(ValueError):
        fragments.RowUrls("/no/id/here/")


def test_one_form_per_post_for_its_reactions_and_save(board, member):
    """Reactions and the save button share one form (one CSRF token) per post; the save
    button posts to the bookmark URL with `formaction`."""
    topic = TopicFactory(board=board, author=MemberFactory().user, posts=1)
    reader = Client()
    reader.force_login(member.user)
    soup = BeautifulSoup(html(reader.get(topic.url)), "html.parser")
    for post in topic.posts.all():
        forms = soup.select(f"#post-{post.pk} form")
        assert len(forms) == 1
        form = forms[0]
        assert form["action"] == f"/members/posts/{post.pk}/react/"
        assert len(form.select('input[name="csrfmiddlewaretoken"]')) == 1
        assert form.select('button[name="reaction"]')
        assert form.select_one("button[formaction]")["formaction"] == f"/members/posts/{post.pk}/bookmark/"
    post = topic.posts.get(is_first=False)
    response = reader.post(f"/members/posts/{post.pk}/bookmark/", {"next": topic.url})
    assert response.status_code == 302 and "Saved ✓" in html(reader.get(topic.url))


def articles_rendered(response):
    return sum(1 for template in response.templates if template.name == fragments.POST_TEMPLATE)


def test_whole_articles_come_from_the_cache_with_the_readers_csrf_token(redis_cache, board, member):
    topic = TopicFactory(board=board, author=MemberFactory().user, posts=2)
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(member.user)
    assert articles_rendered(reader.get(topic.url)) == 3
    again = reader.get(topic.url)
    assert articles_rendered(again) == 0  # all three from Redis
    page = html(again)
    assert fragments.CSRF_STAND_IN not in page
    post = topic.posts.filter(is_first=False).order_by("pk").first()
    form = BeautifulSoup(page, "html.parser").select_one(f"#post-{post.pk} form")
    token = form.select_one('input[name="csrfmiddlewaretoken"]')["value"]
    response = reader.post(
        form["action"], {"csrfmiddlewaretoken": token, "reaction": "Me too", "next": topic.url}
    )
    assert response.status_code == 302  # the token served from a cached article is the reader's
    assert 'aria-pressed="true">Me too <span class="reaction__count">1</span>' in html(reader.get(topic.url))


def test_a_post_cannot_smuggle_the_csrf_stand_in(redis_cache, board, member):
    """The stand-in is a secret, so a body that spells a guess of it is shown as written."""
    topic = TopicFactory(board=board, author=MemberFactory().user, posts=0)
    PostFactory(topic=topic, author=MemberFactory().user, body="csrf stand-in? 987654321987")
    reader = Client()
    reader.force_login(member.user)
    assert "csrf stand-in? 987654321987" in html(reader.get(topic.url))
    assert len(fragments.CSRF_STAND_IN) >= 40


def test_members_never_share_edit_links_or_pressed_reactions(redis_cache, board, member, other_member):
    topic = TopicFactory(board=board, author=MemberFactory().user, posts=0)
    own = PostFactory(topic=topic, author=member.user, body="My own words")
    mine, theirs = Client(), Client()
    mine.force_login(member.user)
    theirs.force_login(other_member.user)
    reactions.toggle_reaction(other_member.user, own, "Thank you", ["Thank you", "Sending hugs", "Me too"])
    edit = f"/posts/{own.pk}/edit/"
    assert edit in html(mine.get(topic.url))
    page = html(theirs.get(topic.url))
    assert edit not in page and 'aria-pressed="true">Thank you' in page
    page = html(mine.get(topic.url))  # after the other member's render was stored
    assert edit in page and 'aria-pressed="true"' not in page
    assert edit not in html(Client().get(topic.url))


def article_ready(topic, reaction_list):
    """The topic's first post with every field of its article set (empty where the view would
    have set them)."""
    post = topic.posts.order_by("pk").first()
    for name in fragments.POST_FIELDS:
        if not hasattr(post, name):
            setattr(post, name, "")
    post.author_shown = "A member"
    post.reaction_list = reaction_list
    return post


def test_article_keys_are_per_language_and_per_reader_state(board, member):
    topic = TopicFactory(board=board)
    post = article_ready(topic, [("Me too", 1, False)])
    context = fragments._article_context(post, topic.url)
    with translation.override("en"):
        english = fragments._article_key(context)
    with translation.override("es"):
        spanish = fragments._article_key(context)
    assert english != spanish
    post.reaction_list = [("Me too", 1, True)]
    with translation.override("en"):
        assert fragments._article_key(fragments._article_context(post, topic.url)) != english


def test_article_keys_hash_values_in_the_order_the_shape_names_them(board, member):
    """The key hashes the dict's values without their names (ARTICLE_SHAPE names them once), so
    the dict must be written in that order, and the same value under another name is another key."""
    topic = TopicFactory(board=board)
    post = article_ready(topic, [])
    post.header_html, post.header_key = None, "forums:post-header:x"
    context = fragments._article_context(post, topic.url)
    names = [*fragments.POST_FIELDS, "author_name", "reaction_list"]
    assert list(context["post"]) == [*names, "header_key"]  # a visible post: its line by key
    assert repr((*names, "header_key?")) == fragments.ARTICLE_SHAPE
    post.edit_url, post.delete_url = "/edit/", ""
    edit_only = fragments._article_key(fragments._article_context(post, topic.url))
    post.edit_url, post.delete_url = "", "/edit/"
    assert fragments._article_key(fragments._article_context(post, topic.url)) != edit_only
    post.header_html, post.header_key = "<p>line</p>", None  # rendered for this reader: no key
    assert list(fragments._article_context(post, topic.url)["post"]) == names


def test_the_query_string_makes_no_new_articles_and_forms_come_back_to_the_page(redis_cache, board, member):
    """Only the page number reaches the forms' `next` (part of every article's key): any other
    parameter (?utm_source=…, ?x=<random>) reuses the stored articles instead of adding entries."""
    topic = TopicFactory(board=board, author=MemberFactory().user, posts=2)
    reader = Client()
    reader.force_login(member.user)
    assert articles_rendered(reader.get(topic.url)) == 3
    junk = reader.get(topic.url, {"utm_source": "mail", "x": '"><script>alert(1)</script>'})
    assert articles_rendered(junk) == 0  # the same three entries
    nexts = {
        field["value"]
        for field in BeautifulSoup(html(junk), "html.parser").select('[id^="post-"] input[name="next"]')
    }
    assert nexts and all(value.startswith(topic.url + "#post-") for value in nexts)
    paged = BeautifulSoup(html(reader.get(topic.url, {"page": "1", "x": "1"})), "html.parser")
    assert all(
        field["value"].startswith(topic.url + "?page=1#post-")
        for field in paged.select('[id^="post-"] input[name="next"]')
    )


def test_authors_are_read_as_columns_of_the_posts_query(board, member, other_member):
    """The page's posts carry their authors' names, profile links and signatures as columns
    (reactions.AUTHOR_COLUMNS), not as related instances: a member, an account with no member
    profile and a deleted account are named as before, and a signature follows its visibility."""
    MemberProfile.objects.create(
        member=other_member,
        diagnosis_type="Triple-negative",
        diagnosis_stage="II",
        diagnosis_year=2024,
        diagnosis_visibility=FieldVisibility.MEMBERS,
        show_signature=True,
    )
    topic = TopicFactory(board=board, author=other_member.user)
    PostFactory(topic=topic, author=UserFactory())
    PostFactory(topic=topic, author=None)
    signature = "Triple-negative, stage II, diagnosed 2024"
    for reader, sees_signature in ((member.user, True), (AnonymousUser(), False)):
        page, _ = listing.topic_posts(board, topic, reader, None, ())
        rows = list(page.object_list)
        assert all(not row._state.fields_cache for row in rows)  # no author, member or profile instances
        assert [row.author_shown for row in rows] == [
            other_member.display_name,
            NO_PROFILE_NAME,
            DELETED_MEMBER_NAME,
        ]
        assert [row.signature for row in rows] == [signature if sees_signature else "", "", ""]
        assert [row.author_member_id for row in rows] == [other_member.pk, None, None]


@pytest.mark.parametrize("language", ["en", "es"])
def test_row_urls_are_what_reverse_gives_in_each_language_and_prefix(board, language, rf):
    with translation.override(language):
        for name in ("forums:member", "forums:react", "moderation:post"):
            assert fragments.url_pattern(name)(42) == reverse(name, args=[42])
        for name in ("forums:mention_names", "account_login"):
            assert fragments.site_url(name) == reverse(name)
        assert reverse("forums:member", args=[42]).startswith("/es/") is (language == "es")
        set_script_prefix("/mounted/")
        try:
            assert fragments.url_pattern("forums:member")(42) == reverse("forums:member", args=[42])
            assert fragments.url_pattern("forums:member")(42).startswith("/mounted/")
            assert fragments.site_url("forums:mention_names") == reverse("forums:mention_names")
        finally:
            set_script_prefix("/")
    for name in fragments.POST_ROUTES:
        urls = fragments.subpage_urls(rf.get(board.url), board, name)
        assert urls[name](7) == board.url + board.reverse_subpage(name, args=[7])


@override_settings(PAGE_CACHE_WHOLE_PAGES=True)  # the members' shells on
def test_a_page_from_its_shell_masks_one_csrf_token_for_all_its_forms(redis_cache, board, member):
    topic = TopicFactory(board=board, author=MemberFactory().user, posts=2)
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(member.user)
    for _ in range(3):  # rendered whole until the members' shell is kept
        reader.get(topic.url)
    with patch("django.middleware.csrf._mask_cipher_secret", wraps=csrf_module._mask_cipher_secret) as mask:
        page = BeautifulSoup(html(reader.get(topic.url)), "html.parser")
    assert mask.call_count == 1
    tokens = {field["value"] for field in page.select('input[name="csrfmiddlewaretoken"]')}
    assert len(tokens) == 1 and len(page.select('input[name="csrfmiddlewaretoken"]')) >= 4
    watch = page.select_one('form[action$="/watch/"]')
    response = reader.post(watch["action"], {"csrfmiddlewaretoken": tokens.pop(), "watch": "1"})
    assert response.status_code == 302


def test_the_page_token_follows_a_rotated_secret(rf):
    request = rf.get("/")
    CsrfViewMiddleware(lambda r: None).process_request(request)
    first = shells.page_csrf_token(request)
    assert shells.page_csrf_token(request) == first
    rotate_token(request)  # what login() does
    after = shells.page_csrf_token(request)
    assert after != first
    assert csrf_module._unmask_cipher_token(after) == request.META["CSRF_COOKIE"]
