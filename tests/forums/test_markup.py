import pytest
from bs4 import BeautifulSoup

from forums.markup import quote_for_reply, render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<a href="https://ok.example" onmouseover="alert(1)">hover</a>',
    '[x](https://ok.example "title" onclick="alert(1)")',
    "![img](https://evil.example/x.png)",
    '![img](javascript:alert(1) "t")',
    "<<script>script>alert(1)<</script>/script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<object data=x></object><embed src=x>",
    "<form action=https://evil.example><input name=q></form>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "<style>body{display:none}</style>",
    "<!-- <script>alert(1)</script> -->",
    "```\n<script>alert(1)</script>\n```",
    "`<img src=x onerror=alert(1)>`",
    "<details open ontoggle=alert(1)>",
    "<base href=https://evil.example/>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "[a](https://ok.example)<script>alert(1)</script>",
]

FORBIDDEN_TAGS = {
    "script",
    "img",
    "svg",
    "iframe",
    "style",
    "object",
    "embed",
    "form",
    "input",
    "math",
    "meta",
    "base",
    "details",
    "div",
}


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_every_xss_payload_renders_inert(payload):
    html = render_markdown(payload)
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name not in FORBIDDEN_TAGS, (payload, html)
        assert set(tag.attrs) <= {"href", "rel"}, (payload, html)
        href = tag.get("href", "")
        assert href == "" or href.startswith(("http://", "https://", "mailto:")), (payload, html)


def test_markdown_subset_paragraphs_emphasis_lists_links():
    html = render_markdown(
        "First *soft* and **strong**.\n\nSecond paragraph\n\n- one\n- two\n\n1. a\n2. b\n\n[Komen](https://www.komen.org)"
    )
    soup = BeautifulSoup(html, "html.parser")
    assert [p.name for p in soup.find_all(["p", "ul", "ol"])][:3] == ["p", "p", "ul"]
    assert soup.find("em").text == "soft" and soup.find("strong").text == "strong"
    assert [li.text for li in soup.find("ol").find_all("li")] == ["a", "b"]
    link = soup.find("a")
    assert link["href"] == "https://www.komen.org"
    assert link["rel"] == ["nofollow", "ugc", "noopener"]


def test_raw_html_is_shown_as_text_and_images_never_render():
    html = render_markdown("<b>bold?</b> ![x](https://e.example/x.png)")
    assert "&lt;b&gt;bold?&lt;/b&gt;" in html
    assert "<img" not in html and "<b>" not in html


def test_quote_for_reply_prefixes_every_line():
    text = quote_for_reply("Maple", "line one\nline two")
    assert text.startswith("> **Maple wrote:**")
    assert "> line one\n> line two" in text
    assert "<blockquote>" in render_markdown(text)
