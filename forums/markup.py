"""Members' messages: a small Markdown subset rendered to strictly sanitised HTML.

Markdown turns paragraphs, emphasis, lists, quotes and links into HTML; raw HTML the member
typed is escaped before Markdown sees it, and nh3 then keeps only an allowlist of tags and
attributes. Images never survive (no <img> in the allowlist), and every link gets
rel="nofollow ugc noopener" so it passes no reputation and opens nothing with our window.
"""

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "a", "blockquote", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"


def _markdown():
    # A fresh instance per call: Markdown instances keep state between conversions.
    md = markdown.Markdown(extensions=["sane_lists", "nl2br"], output_format="html")
    # No raw HTML and no images: with these patterns gone, Markdown escapes "<tag>" as text
    # and "![alt](src)" stays a plain link.
    md.preprocessors.deregister("html_block")
    for name in ("html", "image_link", "image_reference", "short_image_ref"):
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    return md


def _only_href(tag, attribute, value):
    # "title" is on by default in nh3; only the link target (and the rel we add) may stay.
    return value if tag == "a" and attribute in {"href", "rel"} else None


def render_markdown(text):
    """Return safe HTML for a member's message."""
    rendered = _markdown().convert(text or "")
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_only_href,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def quote_for_reply(author_name, body, limit=1500):
    """The text a reply starts with when a member quotes a post."""
    excerpt = body.strip()
    if len(excerpt) > limit:
        excerpt = excerpt[:limit].rstrip() + " …"
    lines = [f"> **{author_name} wrote:**", ">"] + [
        f"> {line}" if line else ">" for line in excerpt.splitlines()
    ]
    return "\n".join(lines) + "\n\n"
