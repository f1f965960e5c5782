"""Every word a visitor reads in a template goes through gettext (issue 20).

A template's literal text (outside tags, and in `aria-label`, `title`, `placeholder`, `alt`
attributes) must be inside `{% translate %}` / `{% blocktranslate %}`. Templates not yet
marked are listed in NOT_YET_MARKED; the list may only shrink (a listed template that is clean
fails too, so it gets removed from the list).
"""

import re
from pathlib import Path

import polib
import pytest
from django.template.base import Lexer, TokenType
from django.utils import translation
from django.utils.translation import gettext

from affiliates.locator import LocatorError, resolve_text

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [
    "komensite/templates",
    "pages/templates",
    "resources/templates",
    "affiliates/templates",
    "forums/templates",
]
# Screens only staff see through the Wagtail admin (Wagtail translates its own chrome), and the
# design pattern library (a developer page).
EXEMPT = {
    "komensite/templates/pattern_library.html",
    "pages/templates/pages/reports/overdue_reviews_results.html",
    "forums/templates/forums/admin/watched_words_tools.html",
}
NOT_YET_MARKED = {
    "komensite/templates/500.html",
    "komensite/templates/503.html",
    "komensite/templates/account_locked.html",
    "komensite/templates/components/learn_more_block.html",
    "komensite/templates/components/support_options_block.html",
    "pages/templates/pages/condition_article_page.html",
    "pages/templates/pages/condition_index_page.html",
    "pages/templates/pages/home_page.html",
    "pages/templates/pages/includes/review_record.html",
    "pages/templates/pages/includes/sources.html",
    "pages/templates/pages/medical_reviewers_page.html",
    "pages/templates/pages/topic_index_page.html",
    "pages/templates/pages/topic_page.html",
    "resources/templates/components/helpline_block.html",
    "resources/templates/resources/audience_landing_page.html",
    "resources/templates/resources/includes/resource_card.html",
    "resources/templates/resources/resource_index_page.html",
    "affiliates/templates/affiliates/affiliate_page.html",
    "forums/templates/429.html",
    "forums/templates/account/login.html",
    "forums/templates/account/signup.html",
    "forums/templates/forums/account_deleted.html",
    "forums/templates/forums/board_page.html",
    "forums/templates/forums/board_search.html",
    "forums/templates/forums/bookmarks.html",
    "forums/templates/forums/cannot_post.html",
    "forums/templates/forums/delete_account.html",
    "forums/templates/forums/export.html",
    "forums/templates/forums/forum_index_page.html",
    "forums/templates/forums/includes/board_search_form.html",
    "forums/templates/forums/includes/member_actions.html",
    "forums/templates/forums/includes/member_bar.html",
    "forums/templates/forums/includes/member_links.html",
    "forums/templates/forums/includes/post.html",
    "forums/templates/forums/includes/post_member_extras.html",
    "forums/templates/forums/includes/profile_member_links.html",
    "forums/templates/forums/includes/site_search_posts.html",
    "forums/templates/forums/includes/support.html",
    "forums/templates/forums/join.html",
    "forums/templates/forums/latest.html",
    "forums/templates/forums/member_detail.html",
    "forums/templates/forums/member_private.html",
    "forums/templates/forums/members_only.html",
    "forums/templates/forums/messages/conversation.html",
    "forums/templates/forums/messages/list.html",
    "forums/templates/forums/messages/new.html",
    "forums/templates/forums/messages/refused.html",
    "forums/templates/forums/messages/report_form.html",
    "forums/templates/forums/messages/report_received.html",
    "forums/templates/forums/moderation/action_error.html",
    "forums/templates/forums/moderation/edit.html",
    "forums/templates/forums/moderation/forbidden.html",
    "forums/templates/forums/moderation/includes/edit_diff.html",
    "forums/templates/forums/moderation/includes/message_reports.html",
    "forums/templates/forums/moderation/includes/reason.html",
    "forums/templates/forums/moderation/log.html",
    "forums/templates/forums/moderation/message_report.html",
    "forums/templates/forums/moderation/post.html",
    "forums/templates/forums/moderation/queue.html",
    "forums/templates/forums/modtools/appeal.html",
    "forums/templates/forums/modtools/appeal_sent.html",
    "forums/templates/forums/modtools/appeals.html",
    "forums/templates/forums/modtools/base.html",
    "forums/templates/forums/modtools/crisis_case.html",
    "forums/templates/forums/modtools/crisis_dashboard.html",
    "forums/templates/forums/modtools/dashboard.html",
    "forums/templates/forums/modtools/guide.html",
    "forums/templates/forums/modtools/member_history.html",
    "forums/templates/forums/modtools/post_tools.html",
    "forums/templates/forums/modtools/reach_out.html",
    "forums/templates/forums/modtools/rejected_topic.html",
    "forums/templates/forums/modtools/topic_extras.html",
    "forums/templates/forums/modtools/topic_tools.html",
    "forums/templates/forums/notifications.html",
    "forums/templates/forums/post_delete.html",
    "forums/templates/forums/post_edit.html",
    "forums/templates/forums/post_history.html",
    "forums/templates/forums/preferences.html",
    "forums/templates/forums/profile.html",
    "forums/templates/forums/profile_details.html",
    "forums/templates/forums/reply_form.html",
    "forums/templates/forums/report_form.html",
    "forums/templates/forums/report_received.html",
    "forums/templates/forums/topic.html",
    "forums/templates/forums/topic_form.html",
    "forums/templates/forums/unsubscribe.html",
}

TAG = re.compile(r"<[^>]*>", re.S)
RAW = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->", re.S)
ENTITY = re.compile(r"&[#a-zA-Z0-9]+;")
WORD = re.compile(r"[A-Za-z]{2,}")
READ_ATTRIBUTE = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')
SKIPPED_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
}
HOLE = "\x00"  # where a template variable or tag was: never a word


def untranslated(source):
    """Literal strings a reader would see in `source`, outside gettext."""
    parts = []
    closing = None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if closing:
                if name == closing:
                    closing = None
                continue
            if name in SKIPPED_BLOCKS:
                closing = SKIPPED_BLOCKS[name]
            elif token.contents == "block body_class":
                closing = "endblock"
            parts.append(HOLE)
        elif closing:
            continue
        elif token.token_type == TokenType.TEXT:
            parts.append(token.contents)
        elif token.token_type == TokenType.VAR:
            parts.append(HOLE)
    markup = RAW.sub(" ", "".join(parts))
    found = [value for value in READ_ATTRIBUTE.findall(markup) if WORD.search(value)]
    for chunk in ENTITY.sub(" ", TAG.sub(HOLE, markup)).split(HOLE):
        chunk = " ".join(chunk.split())
        if WORD.search(chunk):
            found.append(chunk)
    return found


def templates():
    for folder in TEMPLATE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.html")):
            name = str(path.relative_to(ROOT))
            if name not in EXEMPT:
                yield name


@pytest.mark.parametrize("name", list(templates()))
def test_template_text_is_marked_for_translation(name):
    strings = untranslated((ROOT / name).read_text())
    if name in NOT_YET_MARKED:
        assert strings, f"{name} is fully marked now: remove it from NOT_YET_MARKED"
    else:
        assert not strings, f"{name} has text outside {{% translate %}}: {strings}"


def test_the_check_finds_literal_text_and_accepts_marked_text():
    assert untranslated('<p>Call us</p><button aria-label="Close">x</button>') == ["Close", "Call us"]
    assert (
        untranslated(
            '{% block body_class %}template-home{% endblock %}<a class="x" href="{{ u }}">{{ t }}</a>'
        )
        == []
    )
    assert (
        untranslated(
            '{% load i18n %}<p>{% translate "Call us" %}</p>{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}'
            '<a href="{{ url }}" class="link">{{ title }}</a>'
        )
        == []
    )


def test_spanish_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(ROOT / "locale/es/LC_MESSAGES/django.po"))
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()]
    compiled = {entry.msgid: entry for entry in polib.mofile(str(ROOT / "locale/es/LC_MESSAGES/django.mo"))}
    for entry in po.translated_entries():
        assert entry.msgid in compiled, f"run `make compilemessages`: {entry.msgid!r} is not in django.mo"
        assert compiled[entry.msgid].msgstr == entry.msgstr


def test_locator_messages_and_chrome_read_in_spanish():
    with translation.override("es"):
        with pytest.raises(LocatorError) as error:
            resolve_text("5030")
        assert error.value.code == "invalid_zip"
        assert error.value.message.startswith("Escriba un código postal")
        assert gettext("Skip to main content") == "Saltar al contenido principal"
