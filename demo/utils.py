"""Helpers for idempotent demo content: create what is missing, never overwrite editors' work."""


def child_by_slug(parent, slug):
    return parent.get_children().filter(slug=slug).specific().first()


def ensure_child(parent, page_factory, slug, log=None, **fields):
    """Return the child page `slug` under `parent`; if missing, build it with the page type's
    factory (the one the tests use, demo.factories) and publish it."""
    existing = child_by_slug(parent, slug)
    if existing is not None:
        return existing, False
    page = page_factory(parent=parent, slug=slug, **fields)
    page.save_revision().publish()
    if log:
        log(f"  created {type(page).__name__} '{page.title}' at {page.url_path}")
    return page, True


def rich(*paragraphs):
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def stream_value(*blocks):
    """Raw StreamField data from (type, value) pairs."""
    return [{"type": kind, "value": value} for kind, value in blocks]
