"""Screenshots for the README: home, an article, the locator with a map and a topic page, on
a desktop and a phone, from a running `make serve`. Saved as small PNG files (first
screenful only, 256 colours) in docs/screenshots/.

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000
"""

import io
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PAGES = {
    "home": "/",
    "article": "/metastatic-breast-cancer/breast-cancer-recurrence/",
    "locator-map": "/find-your-local-affiliate/?q=52801",
    "topic": "/topics/treatment/",
}
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}


def main(base):
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for device, options in DEVICES.items():
            context = browser.new_context(**options)
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base + path, wait_until="networkidle", timeout=120_000)
                if name == "locator-map":
                    page.locator(".service-map").first.scroll_into_view_if_needed()
                png = page.screenshot(full_page=False)
                image = Image.open(io.BytesIO(png))
                if image.width > 1280:
                    image = image.resize((image.width // 2, image.height // 2), Image.LANCZOS)
                # A 256-colour palette keeps the PNGs small; flat web colours survive it well.
                image = image.convert("RGB").quantize(colors=256)
                image.save(OUT / f"{name}-{device}.png", optimize=True)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000")
