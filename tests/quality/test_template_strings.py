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
NOT_YET_MARKED = {}

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
    mo = polib.mofile(str(ROOT / "locale/es/LC_MESSAGES/django.mo"))
    compiled = {(entry.msgctxt, entry.msgid): entry for entry in mo}
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid)
        assert compiled[key].msgstr == entry.msgstr
        assert compiled[key].msgstr_plural == entry.msgstr_plural


def test_locator_messages_and_chrome_read_in_spanish():
    with translation.override("es"):
        with pytest.raises(LocatorError) as error:
            resolve_text("5030")
        assert error.value.code == "invalid_zip"
        assert error.value.message.startswith("Escriba un código postal")
        assert gettext("Skip to main content") == "Saltar al contenido principal"
