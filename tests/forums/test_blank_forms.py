"""forums.blank_forms: an empty posting form's fields rendered once, a fresh submission token each time."""

import re

import pytest
from bs4 import BeautifulSoup
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from demo.factories.forums import TopicFactory
from forums import blank_forms
from forums.forms import ReplyForm, TopicForm
from forums.models import Post

TOKEN = re.compile(r'name="submission_token" value="([0-9a-f-]{36})"')


@pytest.mark.parametrize("form_class", [ReplyForm, TopicForm])
def test_the_fields_are_djangos_with_a_new_token_each_time(form_class, local_copies):
    first, second = blank_forms.blank_fields(form_class), blank_forms.blank_fields(form_class)
    assert len(local_copies) == 1
    tokens = TOKEN.findall(first) + TOKEN.findall(second)
    assert len(tokens) == 2 and tokens[0] != tokens[1]
    assert blank_forms.TOKEN_STAND_IN not in first + second
    form = form_class()
    django = get_template(blank_forms.FIELDS_TEMPLATE).render({"form": form})
    assert TOKEN.sub("TOKEN", first) == TOKEN.sub("TOKEN", django)


def test_each_language_has_its_own_fields(local_copies):
    with translation.override("en"):
        english = blank_forms.blank_fields(ReplyForm)
    with translation.override("es"):
        spanish = blank_forms.blank_fields(ReplyForm)
    assert english != spanish and len(local_copies) == 2
    assert "Leave this field empty" in english and "Leave this field empty" not in spanish


def test_the_topic_page_reply_form_posts_once_per_token(board, member, local_copies):
    topic = TopicFactory(board=board)
    client = Client()
    client.force_login(member.user)
    page = BeautifulSoup(client.get(topic.url).content, "html.parser")
    form = page.select_one("section.reply form")
    assert form["action"] == topic.url + "reply/"
    assert form["data-mention-source"] == reverse("forums:mention_names")
    assert page.select_one('form[action$="/watch/"]')["action"] == topic.url + "watch/"
    fields = {field["name"]: field.get("value", "") for field in form.select("input")}
    assert fields["submission_token"] and fields["website"] == ""
    again = BeautifulSoup(client.get(topic.url).content, "html.parser")
    assert again.select_one('input[name="submission_token"]')["value"] != fields["submission_token"]
    before = Post.objects.filter(topic=topic).count()
    for _ in range(2):  # the same form sent twice
        client.post(form["action"], {**fields, "message": "Thank you all for sharing this."})
    assert Post.objects.filter(topic=topic).count() == before + 1
