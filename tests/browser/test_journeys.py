"""End-to-end journeys of real people, in Chromium, against the live server.

Each journey is one test that walks the whole path (README "Quality gates → Browser journeys"):
  1. editor adds a named medical reviewer → condition article with two citations and a
     perspective teaser → medical review; that reviewer approves it in the admin; a visitor
     sees the named review, numbered sources and the perspective disclaimer (axe clean)
  2. visitor finds their Affiliate by ZIP, "City, ST", "use my location" (granted and
     refused), and with JavaScript disabled
  3. member signs up, verifies email, starts a topic and replies (the moderator half comes
     with moderation)
  4. visitor filters the fact-sheet library, downloads a fact sheet, and searches the site
Journeys load only the demo content they need (`load_demo`), to keep the suite fast.
"""

import importlib
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from affiliates.models import AffiliateLocatorPage
from forums.models import BoardPage, Member, Post, Topic
from pages.models import ConditionArticlePage, ConditionIndexPage, Reviewer, SiteSettings
from pages.workflows import REVIEWERS_GROUP
from resources.models import ResourceIndexPage
from tests.browser.axe import axe_violations, describe
from tests.browser.conftest import watch_csp

PASSWORD = "correct horse battery staple 42"


def load_demo(*modules):
    """Load the demo content of only these apps (`demo.pages` first, for the home page)."""
    for name in ("demo.pages", *modules):
        importlib.import_module(name).load(lambda *args: None)


def log_in_to_admin(page, base_url, username, password):
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.wait_for_load_state()


def cite(admin, editor, sentence, source_title):
    """Type a sentence in the Draftail editor, select it, and cite a source through the
    floating toolbar's "Cite a source" button and the Source chooser modal."""
    editor.click()
    admin.keyboard.press("End")
    editor.press_sequentially(sentence)
    admin.keyboard.press("Shift+Home")
    admin.locator("button[name=CITATION]").click()
    modal = admin.locator(".modal-dialog")
    expect(modal.locator("[data-chooser-modal-choice]").first).to_be_visible()
    modal.get_by_role("link", name=re.compile(re.escape(source_title))).click()
    expect(modal).to_be_hidden()


def test_journey_1_editor_writes_an_article_a_reviewer_approves_it_a_visitor_reads_it(
    live_server, new_context, django_user_model
):
    """Journey 1, entirely through the admin UI: an editor (Wagtail's "Editors" group, which
    cannot publish) adds the named reviewer (Health content → Medical reviewers, linked to the
    reviewer's account), creates a condition article with two citations and a perspective teaser
    and submits it to the "Medical review" workflow; a medical reviewer approves it from the
    dashboard, which publishes it; a visitor reads the numbered sources and the disclaimer."""
    load_demo("demo.articles")
    demo = live_server.url
    section = ConditionIndexPage.objects.get(slug="metastatic-breast-cancer")
    editor = django_user_model.objects.create_user("ed", "ed@example.org", PASSWORD)
    editor.groups.add(Group.objects.get(name="Editors"))
    reviewer = django_user_model.objects.create_user("doc", "doc@example.org", PASSWORD)
    reviewer.groups.add(Group.objects.get(name=REVIEWERS_GROUP))

    admin = new_context().new_page()
    admin_csp = watch_csp(admin)
    log_in_to_admin(admin, demo, "ed", PASSWORD)

    # The editor adds the named reviewer in the snippet form and links the account that approves.
    admin.goto(f"{demo}/admin/snippets/pages/reviewer/")
    admin.get_by_role("link", name=re.compile("^Add", re.I)).first.click()
    admin.get_by_role("textbox", name=re.compile("^Name")).fill("Dr. Ana Ruiz")
    admin.get_by_role("textbox", name=re.compile("^Credentials")).fill("MD, medical oncologist")
    admin.get_by_role("combobox", name=re.compile("^User")).select_option(label="doc")
    expect(admin.get_by_role("checkbox", name=re.compile("^Active"))).to_be_checked()
    admin.get_by_role("button", name=re.compile("^Save", re.I)).first.click()
    expect(admin.get_by_text(re.compile("Dr. Ana Ruiz.*created", re.I)).first).to_be_visible()
    assert Reviewer.objects.get(name="Dr. Ana Ruiz").user == reviewer

    admin.goto(f"{demo}/admin/pages/{section.pk}/")
    admin.get_by_role("link", name=re.compile("Add child page", re.I)).first.click()
    admin.get_by_role("link", name=re.compile("^Condition article")).click()
    admin.locator("#id_title").fill("Bone health during treatment")
    admin.locator("#id_summary").fill("Some treatments thin the bones; here is what helps.")

    body = admin.locator("[data-contentpath=body]")
    body.get_by_role("button", name=re.compile("Insert a block", re.I)).first.click()
    admin.get_by_role("option", name="Paragraph").click()
    editor_box = body.get_by_role("textbox").first
    cite(admin, editor_box, "Aromatase inhibitors can thin the bones. ", "Cancer Stat Facts")
    cite(admin, editor_box, " Exercise helps keep bones strong.", "ESO-ESMO")
    expect(editor_box.locator(".citation-marker")).to_have_count(2)

    body.get_by_role("button", name=re.compile("Insert a block", re.I)).last.click()
    admin.get_by_role("option", name="Perspective teaser").click()
    body.get_by_role("button", name=re.compile("Choose a page", re.I)).click()
    modal = admin.locator(".modal-dialog")
    modal.get_by_role("link", name="Caregivers need support too").click()
    expect(modal).to_be_hidden()
    body.get_by_label("Text").last.fill("Read our perspective on support for caregivers")

    # Editors cannot publish here: the only way on is the medical review.
    admin.get_by_role("button", name=re.compile("More actions", re.I)).click()
    expect(admin.get_by_role("button", name=re.compile("^Publish", re.I))).to_have_count(0)
    admin.get_by_role("button", name="Submit to Medical review").click()
    # Wagtail 8 autosaves drafts: if the autosave created the page before the click, the edit view
    # answers "has been submitted"; if not, the create view answers "created and submitted".
    submitted = re.compile("(has been|created and) submitted for moderation", re.I)
    expect(admin.get_by_text(submitted).first).to_be_visible()
    article = ConditionArticlePage.objects.get(title="Bone health during treatment")
    assert not article.live
    assert not admin_csp, f"the admin policy blocked something: {admin_csp}"

    # The reviewer finds it on the dashboard and approves it, which publishes it.
    review = new_context().new_page()
    log_in_to_admin(review, demo, "doc", PASSWORD)
    panel = review.locator("#awaiting-review-content")
    row = panel.get_by_role("row").filter(has_text="Bone health during treatment")
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    # The dashboard reloads without the page: nothing is left awaiting review.
    expect(
        review.locator("#awaiting-review-content").get_by_text("Bone health during treatment")
    ).to_have_count(0)
    article.refresh_from_db()
    assert article.live

    # A visitor reads it: two numbered sources in order of first use, and the disclaimer.
    visitor = new_context().new_page()
    visitor_csp = watch_csp(visitor)
    visitor.goto(demo + section.url)
    visitor.get_by_role("link", name="Bone health during treatment").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Bone health during treatment")
    # The approval named the reviewer and dated the review; nothing was typed by the editor.
    today = timezone.localdate()
    expect(visitor.locator(".review-dates")).to_contain_text(
        f"by Dr. Ana Ruiz, MD, medical oncologist on {today:%B} {today.day}, {today.year}"
    )
    markers = visitor.locator("main sup.citation a")
    expect(markers).to_have_text(["1", "2"])
    sources = visitor.get_by_role("region", name="Article sources").get_by_role("listitem")
    expect(sources).to_have_count(2)
    expect(sources.nth(0)).to_contain_text("Cancer Stat Facts: Female Breast Cancer")
    expect(sources.nth(1)).to_contain_text("ESO-ESMO international consensus guidelines")
    markers.nth(1).click()
    expect(visitor).to_have_url(re.compile("#source-2$"))
    teaser = visitor.get_by_role("complementary", name="Komen Perspectives")
    expect(teaser.get_by_role("link")).to_contain_text("Read our perspective on support for caregivers")
    disclaimer = SiteSettings.objects.get().perspective_disclaimer
    expect(teaser).to_contain_text(disclaimer)
    violations = axe_violations(visitor)
    assert not violations, describe(visitor.url, violations)
    assert not visitor_csp


def test_journey_2_visitor_finds_their_affiliate(live_server, new_context):
    """Journey 2: by ZIP, by "City, ST", by "use my location" (granted, then refused), and
    with JavaScript disabled."""
    load_demo("demo.affiliates")
    locator_url = live_server.url + AffiliateLocatorPage.objects.get().url

    visitor = new_context().new_page()
    visitor_csp = watch_csp(visitor)
    visitor.goto(locator_url)
    search = visitor.get_by_label("ZIP code, or city and state")
    search.fill("50309")
    visitor.get_by_role("button", name="Find Affiliates").click()
    count = visitor.locator("#result-count")
    expect(count).to_have_text(re.compile(r"^1 Affiliate serves Des Moines, IA 50309"))
    serving = visitor.locator("ul[aria-labelledby=serving-heading]")
    expect(serving.get_by_role("heading")).to_contain_text(["Komen Iowa"])

    search = visitor.get_by_label("ZIP code, or city and state")
    search.fill("st. louis, mo")
    search.press("Enter")
    expect(count).to_have_text(re.compile(r"Affiliates? serves? Saint Louis, MO"))
    expect(serving.get_by_role("heading").first).to_have_text(re.compile("Komen St. Louis"))

    # A place with no Affiliate: the nearest ones and the helpline, never an empty page.
    search = visitor.get_by_label("ZIP code, or city and state")
    search.fill("99501")
    search.press("Enter")
    expect(count).to_have_text(re.compile(r"^No Affiliate serves .*nearest Affiliate"))
    expect(visitor.locator("ul[aria-labelledby=nearby-heading] li").first).to_be_visible()
    assert not visitor_csp

    # "Use my location", allowed: the browser reports a position in Des Moines.
    located = new_context(geolocation={"latitude": 41.59, "longitude": -93.62}, permissions=["geolocation"])
    page = located.new_page()
    page.goto(locator_url)
    page.get_by_role("button", name="Use my location").click()
    expect(page).to_have_url(re.compile(r"\?lat=41\.590&lng=-93\.620"))
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^1 Affiliate serves"))
    expect(page.locator("ul[aria-labelledby=serving-heading]").get_by_role("heading")).to_contain_text(
        ["Komen Iowa"]
    )

    # Refused: the page says so plainly, and moves focus to the search box.
    refused = new_context(permissions=[]).new_page()
    refused.goto(locator_url)
    refused.get_by_role("button", name="Use my location").click()
    expect(refused.locator("[data-geolocate-status]")).to_have_text(
        re.compile("You did not allow this site to use your location")
    )
    expect(refused.get_by_label("ZIP code, or city and state")).to_be_focused()
    assert "lat=" not in refused.url

    # Without JavaScript the button stays hidden and the form works on its own.
    no_js = new_context(java_script_enabled=False).new_page()
    no_js.goto(locator_url)
    expect(no_js.get_by_role("button", name="Use my location")).to_be_hidden()
    no_js.get_by_label("ZIP code, or city and state").fill("02108")
    no_js.get_by_role("button", name="Find Affiliates").click()
    expect(no_js).to_have_url(re.compile(r"\?q=02108"))
    expect(no_js.locator("#result-count")).to_have_text(re.compile(r"serves Boston, MA 02108"))
    expect(no_js.locator("ul[aria-labelledby=serving-heading]").get_by_role("heading")).to_contain_text(
        ["Komen Massachusetts"]
    )


def test_journey_3_member_signs_up_verifies_and_posts(live_server, new_context, mailoutbox):
    """Journey 3, member half: sign up, verify the email address from the outbox, sign in,
    start a topic, reply. There is no report button on main yet; reporting and the moderator
    half (approve a held post, hide a reported one) come with the moderation feature."""
    load_demo("demo.forums")
    board = BoardPage.objects.get(slug="newly-diagnosed")
    base = live_server.url
    member = new_context().new_page()
    csp = watch_csp(member)

    member.goto(base + board.url)
    member.get_by_role("link", name="Start a new topic").click()
    expect(member).to_have_url(re.compile("/accounts/login/"))
    member.get_by_role("link", name="Join the message boards").click()
    member.get_by_label("Email").fill("robin@example.org")
    member.get_by_label("Password", exact=True).fill(PASSWORD)
    member.get_by_label("Password (again)").fill(PASSWORD)
    member.get_by_label("Display name").fill("Robin")
    member.get_by_label("I am 18 or older").check()
    member.get_by_label("I have read and accept the community guidelines").check()
    member.get_by_role("button", name="Join").click()
    expect(member.get_by_role("heading", level=1)).to_have_text(re.compile("Verify|Confirm|Check", re.I))
    assert not get_user_model().objects.get(email="robin@example.org").emailaddress_set.get().verified

    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["robin@example.org"]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mailoutbox[0].body).group(1)
    member.goto(base + link)
    member.get_by_role("button", name="Confirm").click()
    user = get_user_model().objects.get(email="robin@example.org")
    assert user.emailaddress_set.get().verified

    # allauth signs the member in on confirmation (same browser session as the sign-up).
    member.goto(base + board.url)
    member.get_by_role("link", name="Start a new topic").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Start a new topic")
    member.get_by_label("Title").fill("First chemo next week")
    member.get_by_label("Message").fill("What should I bring on the *first* day?")
    member.get_by_role("button", name="Post topic").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("First chemo next week")
    expect(member.locator("main")).to_contain_text("What should I bring on the first day?")

    member.get_by_label("Message").fill("Answering myself: a blanket and snacks helped.")
    member.get_by_role("button", name="Post reply").click()
    expect(member.get_by_role("status").filter(has_text="messages")).to_have_text(re.compile("^2 messages"))
    expect(member.locator("main")).to_contain_text("a blanket and snacks helped")

    topic = Topic.objects.get(title="First chemo next week")
    assert Member.objects.get(user=user).display_name == "Robin"
    assert list(Post.objects.filter(topic=topic).values_list("author", flat=True)) == [user.pk, user.pk]
    assert not csp


def test_journey_4_visitor_filters_downloads_a_fact_sheet_and_searches(live_server, page, settings, tmp_path):
    """Journey 4: filter the library, download a fact sheet and check what the server sends
    (a bad filter value is reported, the rest still applies); then search the site."""
    # Wagtail serves documents from a local file path or a stream; the test settings'
    # in-memory storage offers neither to the live server, so files go to a temporary folder.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    load_demo("demo.forums", "demo.resources")
    library = ResourceIndexPage.objects.get()
    page.goto(live_server.url + library.url)
    total = page.locator("p.result-count")
    expect(total).to_have_text(re.compile(r"^\d+ resources"))
    page.get_by_label("Type").select_option(label="Fact sheet")
    page.get_by_label("Language").select_option(label="English")
    page.get_by_role("button", name="Show resources").click()
    expect(page).to_have_url(re.compile(r"type=fact_sheet"))
    cards = page.locator(".resource-list .resource-card")
    expect(cards.first).to_be_visible()
    for meta in cards.locator(".resource-card__meta").all_inner_texts():
        assert meta.startswith("Fact sheet") and "English" in meta

    page.get_by_label("Search the library").fill("questions")
    page.get_by_role("button", name="Show resources").click()
    expect(total).to_have_text(re.compile(r"^1 resource matching .questions."))
    card = cards.filter(has_text="Questions to ask your doctor after a diagnosis")
    download = card.get_by_role("link", name=re.compile("^Download"))
    # PDFs are served inline (WAGTAILDOCS_INLINE_CONTENT_TYPES): the browser opens or saves
    # them itself, so the journey checks the response it gets, whatever it does with it.
    with page.expect_response(re.compile(r"/documents/\d+/.+\.pdf$")) as served:
        download.click()
    response = served.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert re.match(
        r'inline; filename="?questions-to-ask-your-doctor', response.headers["content-disposition"]
    )
    assert response.headers["x-content-type-options"] == "nosniff"
    assert page.request.get(response.url).body().startswith(b"%PDF")

    # A bad filter value is named in the error summary, which takes focus.
    page.goto(live_server.url + library.url + "?type=spreadsheet&language=en")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Choose a type from the list.")
    assert not page.csp_violations

    visitor_searches_the_site(page, live_server.url)


def visitor_searches_the_site(page, demo):
    page.goto(demo + "/")
    search_box = page.get_by_label("Search the site")
    search_box.fill("support")
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=support"))
    expect(page).to_have_title(re.compile("Search results for .support."))
    count = page.get_by_role("status")
    expect(count).to_have_text(re.compile(r"^\d+ results? for .support.$"))
    results = page.locator("ol.result-list > li h2 a")
    assert results.count() >= 1
    first_title = results.first.inner_text()
    results.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first_title)

    # Nothing found: the empty state says what to do next and keeps the query in the box.
    page.goto(demo + "/search/?q=qqqzzzxxy")
    expect(page.get_by_role("status")).to_have_text(re.compile("^0 results"))
    expect(page.get_by_text("No pages matched your search")).to_be_visible()
    expect(page.get_by_label("Search for")).to_have_value("qqqzzzxxy")

    # Hostile input is shown back as text, never run.
    page.goto(demo + "/search/?q=%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E")
    assert page.evaluate("window.pwned") is None
    expect(page.get_by_role("status")).to_contain_text("<script>")
    assert not page.csp_violations
