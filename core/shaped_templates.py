"""Many renders of one template, one per *shape*: the values go in after rendering.

A page that shows twenty cards of one template (the moderation queue) spent most of its time in
Django's template engine: ~60 variable lookups a card, each escaped on its way out. The cards'
markup changes only with a few facts (which badges, which forms, how many reports), and the
rest is values dropped into fixed places. So `ShapedTemplate` renders the template once for each
shape with a stand-in token in place of every value, and fills each card's values in with the
escaping the template itself applies (`conditional_escape`: safe strings as they are, anything
else escaped; a number as `str` gives it, as the template does with localisation off). The
rendered shape is split at its tokens once, so a value that happens to contain a token is never
read as one.

What decides the shape, so what a token must never stand in for:
- every bool and None, and every empty or zero value (they decide `{% if %}`s; a token is true);
- the length of every list (a `{% for %}` renders as many times);
- the values at `kept` paths: those the template compares (`{% if card.status == "held" %}`).
  A path is the keys from the values' top, "*" for every position in a list or tuple:
  ("pending_diff", "*", "*") is each item of each row of `pending_diff`.

What the template must not do to a value it outputs: pass it through a filter (a filter would
change the token, or keep a one-word token as it is while it would have changed the value, as
`truncatewords` does). Compute such values before, in Python. A shape whose rendering altered a
token (an upper-casing filter, say) raises ValueError; a filter that leaves a one-word token as it
is cannot be seen that way, which is why the tests render value sets both ways and compare them
(tests/core/test_shaped_templates.py; every kind of queue card in tests/forums/test_queue_cards.py).

Rendered shapes live for one `ShapedTemplate` (one page, with the request's CSRF field in the
page context): nothing is stored anywhere else.
"""

import html
import re
import secrets

ANY_INDEX = "*"


def _kept_tree(paths):
    """The kept paths as a tree of dicts, True at each kept value."""
    tree = {}
    for path in paths:
        if any(isinstance(part, int) for part in path):
            raise ValueError(f"{path}: a kept path names every position with {ANY_INDEX!r}, not one")
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = True
    return tree


def _escaped(value):
    """`conditional_escape(value)` as a str, for the plain values `_stand_in` lets through: a
    safe string as it is, anything else through `html.escape`, as Django's `escape` does
    (without its lazy-string checks, ~1 µs a value)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


class ShapedTemplate:
    def __init__(self, template, page_context, name, kept=()):
        """`template`: a loaded template (`get_template`); `page_context`: what every render
        shares (labels, the CSRF field); `name`: the context variable the values go in as;
        `kept`: paths of values the template compares (see the module docstring)."""
        self.template = template
        self.page_context = page_context
        self.name = name
        self.kept = _kept_tree(kept)
        # Letters and digits only: escaping leaves the token as it is. Random per page, so no
        # member's text can name one on purpose.
        self.prefix = "shape" + secrets.token_hex(8)
        self.pattern = re.compile(re.escape(self.prefix) + r"(\d+)x")
        self.shapes = {}

    def render(self, values):
        """The template rendered with `{name: values}` (and the page context), as
        `template.render` would give it."""
        leaves, shape = [], []
        stand_in = self._stand_in(values, self.kept, leaves, shape)
        key = tuple(shape)
        rendered = self.shapes.get(key)
        if rendered is None:
            rendered = self.shapes[key] = self._render_shape(stand_in)
        pieces, slots = rendered
        out = [pieces[0]]
        for slot, piece in zip(slots, pieces[1:], strict=True):
            out.append(_escaped(leaves[slot]))
            out.append(piece)
        return "".join(out)

    def _render_shape(self, stand_in):
        """The shape rendered with stand-ins, as (the text between the values, which value goes
        in each gap)."""
        rendered = self.template.render({self.name: stand_in, **self.page_context})
        split = self.pattern.split(rendered)  # text, value index, text, ..., text
        pieces, slots = split[0::2], [int(index) for index in split[1::2]]
        if rendered.lower().count(self.prefix) != len(slots):
            raise ValueError(
                f"{self.template.origin.template_name}: a value was changed on its way out (a filter?): "
                "compute it before rendering"
            )
        return pieces, slots

    def _stand_in(self, value, kept, leaves, shape):
        """`value` with a token for each value that goes in after rendering (appended to
        `leaves`), recording the shape. `kept`: the kept tree under `value` (True: `value` is
        kept; None: nothing under it is)."""
        if isinstance(value, dict):
            shape.append(("{", tuple(value)))
            return {
                key: self._stand_in(item, kept.get(key) if kept else None, leaves, shape)
                for key, item in value.items()
            }
        if isinstance(value, list | tuple):
            shape.append(("[", len(value)))
            inner = kept.get(ANY_INDEX) if kept else None
            return tuple(self._stand_in(item, inner, leaves, shape) for item in value)
        if value is None or isinstance(value, bool) or not value or kept is True:
            shape.append(("=", value))
            return value
        if not isinstance(value, str | int):
            raise TypeError(f"{type(value).__name__} is not a plain value: {value!r:.60}")
        shape.append(("s", type(value)))
        leaves.append(value)
        return f"{self.prefix}{len(leaves) - 1}x"
