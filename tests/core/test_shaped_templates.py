"""core.shaped_templates: one render per shape gives exactly what rendering each value set does."""

import pytest
from django.template import engines
from django.utils.safestring import mark_safe

from core import shaped_templates
from core.shaped_templates import ShapedTemplate

SOURCE = (
    '{% load l10n %}{% localize off %}<li id="item-{{ item.pk }}" class="{% if item.urgent %}urgent{% endif %}">'
    "<h2>{{ label.title }}: {{ item.title }}</h2>"
    '{% if item.status == "held" %}<p>{{ label.held }}</p>{% elif item.status != "visible" %}<p>other</p>{% endif %}'
    "{% if item.note %}<p>{{ item.note }}</p>{% else %}<p>{{ label.no_note }}</p>{% endif %}"
    "<div>{{ item.body }}</div>"
    '<ul>{% for row in item.rows %}<li class="{{ row.0 }}">{% if row.0 == "added" %}+{% endif %}{{ row.1 }}</li>{% endfor %}</ul>'
    '{% for report in item.reports %}<p title="{{ report.details }}">{{ report.count }} {{ report.reason }}</p>'
    "{% empty %}<p>none</p>{% endfor %}"
    "{% if item.author %}<p>{{ item.author.name }}{% if item.author.banned %} banned{% endif %}</p>{% endif %}"
    "<form>{{ csrf_input }}</form></li>{% endlocalize %}"
)
KEPT = (("status",), ("rows", "*", "*"))


def template(source=SOURCE):
    return engines["django"].from_string(source)


def page_context():
    return {
        "label": {"title": "Title", "held": "Awaiting <review>", "no_note": "No note"},
        "csrf_input": mark_safe("<i>t</i>"),
    }


def item(pk, **values):
    base = {
        "pk": pk,
        "urgent": False,
        "title": f"Post {pk}",
        "status": "held",
        "note": "",
        "body": mark_safe(f"<p>body {pk}</p>"),  # noqa: S308 (a fixed test string)
        "rows": (),
        "reports": (),
        "author": {"name": "Ann", "banned": False},
    }
    return {**base, **values}


ITEMS = [
    item(1),
    item(2, title="<script>alert('x')</script>", note='"quoted" & <b>bold</b>'),
    item(3, status="visible", urgent=True, reports=({"details": "a\"b'c<d>", "count": 2, "reason": "spam"},)),
    item(4, status="hidden", author=None, body=mark_safe("<ul><li>kept</li></ul>")),
    item(5, rows=(("removed", "old <line>"), ("added", "new & line"), ("same", "same line"))),
    item(
        6,
        author={"name": "Bo", "banned": True},
        reports=({"details": "", "count": 1, "reason": "abuse"},) * 3,
    ),
    item(0, title="", note=0),
    item(8, title="Another <title>", body=mark_safe("<p>another</p>")),
]


def test_every_value_set_renders_as_the_template_renders_it():
    direct = template()
    shaped = ShapedTemplate(template(), page_context(), "item", kept=KEPT)
    for values in ITEMS * 2:
        assert shaped.render(values) == direct.render({"item": values, **page_context()})
    # One render for each shape: items 1 and 8 differ only in values, and share theirs.
    assert len(shaped.shapes) == len(ITEMS) - 1


def test_values_are_escaped_as_the_template_escapes_them():
    shaped = ShapedTemplate(template(), page_context(), "item", kept=KEPT)
    html = shaped.render(ITEMS[1])
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html and "<script>" not in html
    assert "&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<p>body 2</p>" in html  # a safe string goes in as it is


def test_a_value_that_looks_like_a_stand_in_stays_text():
    shaped = ShapedTemplate(template(), page_context(), "item", kept=KEPT)
    sneaky = item(7, title=f"{shaped.prefix}0x", note=f"{shaped.prefix}1x and {shaped.prefix}99x")
    html = shaped.render(sneaky)
    assert (
        f"Title: {shaped.prefix}0x</h2>" in html
        and f"<p>{shaped.prefix}1x and {shaped.prefix}99x</p>" in html
    )
    assert html == template().render({"item": sneaky, **page_context()})


def test_compared_values_decide_the_shape():
    shaped = ShapedTemplate(template(), page_context(), "item", kept=KEPT)
    held, visible = shaped.render(item(1)), shaped.render(item(1, status="visible"))
    assert "Awaiting &lt;review&gt;" in held and "Awaiting" not in visible and "other" not in visible
    assert len(shaped.shapes) == 2


def test_a_filter_on_a_value_is_refused():
    shaped = ShapedTemplate(template("<p>{{ item.title|upper }}</p>"), {}, "item")
    with pytest.raises(ValueError, match="changed on its way out"):
        shaped.render({"title": "quiet"})


def test_a_kept_path_may_name_one_position():
    """("rows", "*", 0) keeps each row's kind, compared by the template, and fills its line in."""
    shaped = ShapedTemplate(template(), page_context(), "item", kept=(("status",), ("rows", "*", 0)))
    first = item(5, rows=(("added", "one <line>"), ("same", "two")))
    second = item(5, rows=(("added", "another line"), ("same", "three & four")))
    for values in (first, second):
        assert shaped.render(values) == template().render({"item": values, **page_context()})
    assert len(shaped.shapes) == 1  # the lines are values, not part of the shape
    assert "+" in shaped.render(first)


def test_page_values_are_filled_in_each_render():
    """The CSRF field of each page goes in like a value: one shape serves pages with different
    fields."""
    context = {"label": page_context()["label"]}
    for token in ("<i>first</i>", "<i>second</i>"):
        field = mark_safe(token)  # noqa: S308 (a fixed test string)
        shaped = ShapedTemplate(template(), context, "item", kept=KEPT, page_values={"csrf_input": field})
        for values in ITEMS:
            assert shaped.render(values) == template().render(
                {"item": values, **context, "csrf_input": field}
            )
    with pytest.raises(TypeError, match="non-empty string"):
        ShapedTemplate(template(), context, "item", page_values={"csrf_input": ""})


def test_shared_shapes_are_kept_for_the_process_without_values(monkeypatch):
    monkeypatch.setattr(shaped_templates, "_shared", {})
    context = {"label": page_context()["label"]}
    renders = []
    compiled = template()  # one compiled template, as the cached loader gives every page

    def page(token, shared=("en",), source=compiled):
        shaped = ShapedTemplate(
            source, context, "item", kept=KEPT, page_values={"csrf_input": token}, shared=shared
        )
        original = shaped._render_shape
        monkeypatch.setattr(shaped, "_render_shape", lambda stand_in: renders.append(1) or original(stand_in))
        return shaped

    first, second = page("<i>csrf-one</i>"), page("<i>csrf-two</i>")
    for shaped, token in ((first, "<i>csrf-one</i>"), (second, "<i>csrf-two</i>")):
        for values in ITEMS:
            assert shaped.render(values) == template().render(
                {"item": values, **context, "csrf_input": token}
            )
    assert len(renders) == len(ITEMS) - 1  # the second page rendered no shape
    kept_text = repr(shaped_templates._shared)
    for values in ITEMS:
        assert values["title"] == "" or values["title"] not in kept_text
    assert "csrf-one" not in kept_text and "csrf-two" not in kept_text
    page("<i>x</i>", shared=("es",)).render(ITEMS[0])  # another key renders its own
    assert len(renders) == len(ITEMS)
    page("<i>x</i>", source=template()).render(ITEMS[0])  # so does a recompiled template (an edit)
    assert len(renders) == len(ITEMS) + 1


def test_only_plain_values_go_in():
    shaped = ShapedTemplate(template("<p>{{ item.when }}</p>"), {}, "item")
    with pytest.raises(TypeError, match="not a plain value"):
        shaped.render({"when": 1.5})
