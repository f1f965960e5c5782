"""Helpers for idempotent demo content: create what is missing, never overwrite editors' work."""


def child_by_slug(parent, slug):
    return parent.get_children().filter(slug=slug).specific().first()


def ensure_child(parent, model, slug, log=None, **fields):
    """Return the child page `slug` under `parent`, creating and publishing it if missing."""
    existing = child_by_slug(parent, slug)
    if existing is not None:
        return existing, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    if log:
        log(f"  created {model.__name__} '{page.title}' at {page.url_path}")
    return page, True


def rich(*paragraphs):
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def stream_value(*blocks):
    """Raw StreamField data from (type, value) pairs."""
    return [{"type": kind, "value": value} for kind, value in blocks]
