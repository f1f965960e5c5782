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
  A path is the keys from the values' top, "*" for every position in a list or tuple and a
  number for one: ("pending_diff", "*", 0) is the first item of each row of `pending_diff`.

What the template must not do to a value it outputs: pass it through a filter (a filter would
change the token, or keep a one-word token as it is while it would have changed the value, as
`truncatewords` does). Compute such values before, in Python. A shape whose rendering altered a
token (an upper-casing filter, say) raises ValueError; a filter that leaves a one-word token as it
is cannot be seen that way, which is why the tests render value sets both ways and compare them
(tests/core/test_shaped_templates.py; every kind of queue card in tests/forums/test_queue_cards.py).

What a page shares goes in two ways. `page_context`: constants the shapes are rendered with
(labels, saved responses). `page_values`: values that change with each page (the request's
CSRF field), filled in like a card's values; each must be a non-empty string.

Rendered shapes live for one `ShapedTemplate` (one page), unless it is given a `shared` key that
names everything in its `page_context` (the language, the saved responses): then they are also
kept for the process (a bounded map), under that key, the compiled template and the kept paths, with a
stand-in prefix drawn once a process. A shape holds no value, only the template's text, the
page context and stand-ins, so the page's own values (the CSRF field among them) never stay.
"""

import html
import re
import secrets
import threading

ANY_INDEX = "*"

# Shapes kept for the process (`shared`): at most this many, the map emptied when it is full.
SHARED_LIMIT = 512
_shared = {}
_shared_lock = threading.Lock()
# Letters and digits only: escaping leaves a token as it is. Drawn once a process for shared
# shapes (a shape's tokens must be the ones its fills look for), per page otherwise.
_PROCESS_PREFIX = "shape" + secrets.token_hex(8)


def _kept_tree(paths):
    """The kept paths as a tree of dicts, True at each kept value."""
    tree = {}
    for path in paths:
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = True
    return tree


def _escaped(value):
    """`conditional_escape(value)` as a str, for the plain values `_walk` lets through: a
    safe string as it is, anything else through `html.escape`, as Django's `escape` does
    (without its lazy-string checks, ~1 µs a value)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


class ShapedTemplate:
    def __init__(self, template, page_context, name, kept=(), page_values=None, shared=None):
        """`template`: a loaded template (`get_template`); `page_context`: constants every render
        shares (labels, saved responses); `name`: the context variable the values go in as;
        `kept`: paths of values the template compares (see the module docstring);
        `page_values`: values every render shares that change with each page (the CSRF field),
        non-empty strings filled in like the values; `shared`: a hashable key naming everything
        in `page_context`, to keep the rendered shapes for the process under it."""
        self.template = template
        self.page_context = page_context
        self.name = name
        self.kept = _kept_tree(kept)
        self.prefix = _PROCESS_PREFIX if shared is not None else "shape" + secrets.token_hex(8)
        self.pattern = re.compile(re.escape(self.prefix) + r"(\d+)x")
        self.shapes = {}
        # Keyed by the compiled template itself, not its name: a template reloaded after an edit
        # (the development server) is a new object and gets shapes of its own.
        compiled = getattr(template, "template", template)
        self.shared = None if shared is None else (compiled, tuple(kept), shared)
        page_values = page_values or {}
        for key, value in page_values.items():
            if not isinstance(value, str) or not value:
                raise TypeError(f"page value {key!r} must be a non-empty string, not {value!r:.60}")
        # The page values are the first leaves of every render, so their tokens are the same
        # in every shape.
        self.page_leaves = tuple(page_values.values())
        self.page_stand_in = {key: self._token(index) for index, key in enumerate(page_values)}

    def _token(self, index):
        return f"{self.prefix}{index}x"

    def render(self, values):
        """The template rendered with `{name: values}` (and the page context and values), as
        `template.render` would give it."""
        leaves, shape = list(self.page_leaves), []
        self._walk(values, self.kept, leaves, shape)  # the shape and the leaves, nothing built
        key = tuple(shape)
        rendered = self.shapes.get(key)
        if rendered is None:
            # A new shape: the stand-ins it is rendered with (the same walk, building them).
            stand_in = self._walk(values, self.kept, list(self.page_leaves), [], build=True)
            rendered = self.shapes[key] = self._shape(key, stand_in)
        pieces, slots = rendered
        out = [pieces[0]]
        for slot, piece in zip(slots, pieces[1:], strict=True):
            value = leaves[slot]
            out.append(str(value) if type(value) is int else _escaped(value))
            out.append(piece)
        return "".join(out)

    def _shape(self, key, stand_in):
        """The rendered shape: kept for the process when `shared`, rendered otherwise."""
        if self.shared is None:
            return self._render_shape(stand_in)
        shared_key = (self.shared, key)
        rendered = _shared.get(shared_key)
        if rendered is None:
            rendered = self._render_shape(stand_in)
            with _shared_lock:
                if len(_shared) >= SHARED_LIMIT:
                    _shared.clear()
                _shared[shared_key] = rendered
        return rendered

    def _render_shape(self, stand_in):
        """The shape rendered with stand-ins, as (the text between the values, which value goes
        in each gap)."""
        rendered = self.template.render({self.name: stand_in, **self.page_context, **self.page_stand_in})
        split = self.pattern.split(rendered)  # text, value index, text, ..., text
        pieces, slots = split[0::2], [int(index) for index in split[1::2]]
        if rendered.lower().count(self.prefix) != len(slots):
            raise ValueError(
                f"{self.template.origin.template_name}: a value was changed on its way out (a filter?): "
                "compute it before rendering"
            )
        return pieces, slots

    def _walk(self, value, kept, leaves, shape, build=False):
        """Record `value`'s shape and its leaves (the values that go in after rendering);
        with `build`, also return `value` with a token in place of each leaf, to render a new shape
        with. One walk for both, so a fill's leaves are always in its shape's order. `kept`: the
        kept tree under `value` (True: `value` is kept; None: nothing under it is)."""
        if isinstance(value, dict):
            shape.append(("{", tuple(value)))
            if build:
                return {
                    key: self._walk(item, kept.get(key) if kept else None, leaves, shape, True)
                    for key, item in value.items()
                }
            for key, item in value.items():
                self._walk(item, kept.get(key) if kept else None, leaves, shape)
            return None
        if isinstance(value, list | tuple):
            shape.append(("[", len(value)))
            every = kept.get(ANY_INDEX) if kept else None
            if build:
                return tuple(
                    self._walk(item, kept.get(index, every) if kept else None, leaves, shape, True)
                    for index, item in enumerate(value)
                )
            for index, item in enumerate(value):
                self._walk(item, kept.get(index, every) if kept else None, leaves, shape)
            return None
        if value is None or isinstance(value, bool) or not value or kept is True:
            shape.append(("=", value))
            return value
        if not isinstance(value, str | int):
            raise TypeError(f"{type(value).__name__} is not a plain value: {value!r:.60}")
        shape.append(("s", type(value)))
        leaves.append(value)
        return self._token(len(leaves) - 1) if build else None
