"""Nothing moves when images arrive (issue 19: Lighthouse 100, Cumulative Layout Shift 0).

Every `<img>` carries width and height attributes; the CSS must let the browser use them to
reserve the image's box before the file arrives. A rule that sets both `width: auto` and
`height: auto` throws the reservation away: the box is 0×0 until the image loads, then the
page jumps (the affiliate logo did this, a CLS of 0.07 on a phone).

The check holds every media request back, so each page is measured in the state a slow phone
sees first, on every page that `make lighthouse` measures (the demo content has logos, photos
and cards), on a phone and a desktop.
"""

import importlib.util
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

PHONE = {"viewport": {"width": 412, "height": 823}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1350, "height": 940}}

# For each image with width/height attributes whose file has not arrived: its rendered box and
# the box its attributes ask for.
BOXES = """() => [...document.querySelectorAll("img[width][height]")]
  .filter((img) => !img.complete || img.naturalWidth === 0)
  .map((img) => {
    const box = img.getBoundingClientRect();
    return {
      src: img.currentSrc || img.getAttribute("src"),
      width: box.width, height: box.height,
      ratio: Number(img.getAttribute("width")) / Number(img.getAttribute("height")),
      hidden: getComputedStyle(img).display === "none" || img.closest("[hidden]") !== null,
    };
  })"""


def lighthouse_paths():
    spec = importlib.util.spec_from_file_location(
        "lighthouse_pages", settings.BASE_DIR / "scripts" / "lighthouse_pages.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [path for _, path in module.PAGES]


@pytest.fixture
def demo(live_server):
    call_command("load_demo_content", stdout=StringIO())
    return live_server.url


def unstable_images(page, url):
    page.goto(url, wait_until="domcontentloaded")
    problems = []
    for image in page.evaluate(BOXES):
        if image["hidden"]:
            continue
        if image["width"] < 1 or image["height"] < 1:
            problems.append(f"{image['src']}: no box before it loads ({image['width']}×{image['height']})")
        elif abs(image["width"] / image["height"] - image["ratio"]) > 0.02 * image["ratio"]:
            problems.append(
                f"{image['src']}: box {image['width']:.0f}×{image['height']:.0f} is not the "
                f"{image['ratio']:.2f} its attributes give"
            )
    return problems


def test_every_image_has_its_box_before_its_file_arrives(demo, new_context):
    problems = []
    seen = 0
    held = []

    def hold(route):
        held.append(route)  # never answered: measured as it stands before any image arrives

    for name, device in [("phone", PHONE), ("desktop", DESKTOP)]:
        context = new_context(**device)
        context.route("**/media/**", hold)
        page = context.new_page()
        for path in lighthouse_paths():
            found = unstable_images(page, demo + path)
            seen += page.evaluate("document.querySelectorAll('img[width][height]').length")
            problems += [f"{name} {path} {problem}" for problem in found]
    assert held, "image requests were held back"
    assert seen >= 10, "the demo pages show images (logos, photos, cards)"
    assert not problems, "\n".join(problems)
