"""axe on every public page type and form error state, and keyboard checks.

Pages come from tests/public_urls.py: one live page of each page type in the demo content,
plus the views that are not pages. To cover a new page, add it to your app's demo content;
for a view that is not a page, or a particular state of one, add it to EXTRA_STATES; for a
form, add its error state to FORM_ERROR_STATES.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.browser.axe import axe_violations, describe
from tests.public_urls import page_type_urls

# Views and states that are not "one page of each type": (name, path).
EXTRA_STATES = [
    ("search results", "/search/?q=breast+cancer"),
    ("search, no results", "/search/?q=qqqzzzxxy"),
    ("search, no query", "/search/"),
    ("search, second page", "/search/?q=the&page=2"),
    ("not found (404)", "/no-such-page/"),
    ("locator, results", "/find-your-local-affiliate/?q=50309"),
    ("locator, no Affiliate serves the place", "/find-your-local-affiliate/?q=99501"),
    ("locator, by location", "/find-your-local-affiliate/?lat=41.590&lng=-93.620"),
    ("resource library, filtered", "/fact-sheets-and-booklets/?type=fact_sheet&language=en"),
    ("resource library, no results", "/fact-sheets-and-booklets/?q=qqqzzzxxy"),
    ("perspectives, a year", "/komen-perspectives/2025/"),
    ("sign-up", "/accounts/signup/"),
    ("sign-in", "/accounts/login/"),
    ("password reset", "/accounts/password/reset/"),
]


def database_states():
    """States whose paths come from the demo content: a forum topic and a member profile."""
    from forums.models import Member, Topic

    topic = Topic.objects.order_by("pk").first()
    member = Member.objects.filter(profile_visibility="public").order_by("pk").first()
    return [("forum topic", topic.url), ("member profile", f"/members/{member.pk}/")]


def submit(label, value, button):
    def run(page):
        page.get_by_label(label).fill(value)
        page.get_by_role("button", name=button).click()

    return run


# Forms in their error state: (name, path, function(page) that submits invalid input).
# Forms for signed-in members (new topic, profile) are checked at the end of that test.
FORM_ERROR_STATES = [
    (
        "locator, a ZIP code that does not exist",
        "/find-your-local-affiliate/",
        submit("ZIP code, or city and state", "00000", "Find Affiliates"),
    ),
    (
        "locator, nothing entered",
        "/find-your-local-affiliate/",
        lambda page: page.get_by_role("button", name="Find Affiliates").click(),
    ),
    (
        "sign-up, nothing entered",
        "/accounts/signup/",
        lambda page: page.get_by_role("button", name="Join").click(),
    ),
    ("sign-in, wrong password", "/accounts/login/", submit("Password", "not the password", "Sign in")),
    (
        "resource library, bad filter values",
        "/fact-sheets-and-booklets/?type=spreadsheet&topic=%3Cb%3E",
        lambda page: None,
    ),
    (
        "error summary sample form",
        "/__tests__/form/",
        lambda page: page.get_by_role("button", name="Send").click(),
    ),
]


@pytest.fixture
def demo(live_server):
    call_command("load_demo_content", stdout=StringIO())
    return live_server.url


def test_every_public_page_type_and_state_has_no_axe_violations(demo, page):
    targets = [(model.__name__, url) for model, url in page_type_urls().items()] + EXTRA_STATES
    targets += database_states()
    assert len(targets) >= 7
    failures = []
    for name, path in targets:
        response = page.goto(demo + path)
        assert response.status < 500, f"{name} {path}: {response.status}"
        failures.append(describe(f"{name} {path}", axe_violations(page)))
    report = "\n".join(f for f in failures if f)
    assert not report, "axe violations:\n" + report
    assert not page.csp_violations


@pytest.mark.urls("tests.browser.urls")
def test_forms_in_their_error_state_have_no_axe_violations(demo, page):
    failures = []
    for name, path, submit_invalid in FORM_ERROR_STATES:
        page.goto(demo + path)
        submit_invalid(page)
        page.wait_for_load_state()
        assert page.locator("[data-error-summary]").count() == 1, f"{name}: no error summary"
        failures.append(describe(name, axe_violations(page)))

    # Forms for signed-in members: new topic and reply with nothing entered, and the
    # member's own profile page.
    from demo.factories.forums import PASSWORD, MemberFactory
    from forums.models import BoardPage

    member = MemberFactory(display_name="Axe Checker")
    page.goto(demo + "/accounts/login/")
    page.get_by_label("Email").fill(member.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    board = BoardPage.objects.get(slug="newly-diagnosed")
    page.goto(demo + board.url + "new/")
    page.get_by_role("button", name="Post topic").click()
    page.wait_for_load_state()
    assert page.locator("[data-error-summary]").count() == 1, "new topic: no error summary"
    failures.append(describe("new topic, nothing entered", axe_violations(page)))
    page.goto(demo + "/members/profile/")
    failures.append(describe("member's own profile", axe_violations(page)))
    report = "\n".join(f for f in failures if f)
    assert not report, "axe violations:\n" + report


@pytest.mark.parametrize("path", ["/", "/search/?q=support", "/no-such-page/"])
def test_first_tab_reaches_a_visible_skip_link_to_main(demo, page, path):
    page.goto(demo + path)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const el = document.activeElement; const box = el.getBoundingClientRect();"
        " return {tag: el.tagName, href: el.getAttribute('href'), text: el.textContent.trim(),"
        " visible: box.top >= 0 && box.bottom <= innerHeight && box.width > 1 && box.height > 1}; }"
    )
    assert focused == {"tag": "A", "href": "#main", "text": "Skip to main content", "visible": True}
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    # The next Tab moves on from the start of <main>, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate(
        "() => { const main = document.querySelector('main'), el = document.activeElement;"
        " return main.contains(el) || !!(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING); }"
    )


# The focused element has a 2px+ outline whose colour has at least 3:1 contrast with the
# background around it (WCAG 1.4.11 / 2.4.7), or a box-shadow ring.
FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let node = el.parentElement, background = [255, 255, 255];
  while (node) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0)) { background = c; break; }
    node = node.parentElement;
  }
  const a = lum(rgb(style.outlineColor)), b = lum(background);
  const contrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 && contrast >= 3;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  return {label: el.tagName + ' ' + (el.textContent || el.name || '').trim().slice(0, 40),
          visible: !!(outline || shadow)};
}"""


def test_focus_is_always_visible(demo, page):
    """Tab through one page of every type and the search results: every focused element
    shows a focus indicator (a 2px+ outline with 3:1 contrast, or a box-shadow ring)."""
    for path in [*page_type_urls().values(), "/search/?q=support"]:
        page.goto(demo + path)
        seen = []
        for _ in range(60):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_STYLE)
            if state["label"].startswith("BODY") or (seen and state == seen[0]):
                break
            seen.append(state)
        assert len(seen) > 5, f"{path}: only {len(seen)} focusable elements"
        invisible = [s["label"] for s in seen if not s["visible"]]
        assert not invisible, f"{path}: no visible focus on {invisible}"


def test_the_database_outage_page_has_no_axe_violations(home, live_server, database_switch, page):
    database_switch.down()
    response = page.goto(live_server.url + "/")
    assert response.status == 503
    assert page.get_by_role("heading", level=1).inner_text() == "We'll be back shortly"
    report = describe("503 page", axe_violations(page))
    database_switch.up()
    assert not report, "axe violations:\n" + report
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    assert not page.csp_violations
