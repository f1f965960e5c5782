"""Regenerate the favicon set in komensite/static/icons/ and komensite/public/favicon.ico.

Run once after changing the mark: `.venv/bin/python scripts/make_icons.py`. The mark is a
white awareness ribbon on the brand pink, drawn at 4x and scaled down for clean edges."""

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "komensite" / "static" / "icons"
PUBLIC = ROOT / "komensite" / "public"
PINK = (138, 0, 69)
WHITE = (255, 255, 255)


def ribbon(size, padding=0.0):
    big = size * 4
    image = Image.new("RGB", (big, big), PINK)
    draw = ImageDraw.Draw(image)
    inset = big * padding
    scale = (big - 2 * inset) / 100

    def point(x, y):
        return (inset + x * scale, inset + y * scale)

    width = max(2, round(11 * scale))
    # The two tails cross below the loop.
    draw.line([point(36, 90), point(62, 44)], fill=WHITE, width=width)
    draw.line([point(64, 90), point(38, 44)], fill=WHITE, width=width)
    # The loop.
    draw.arc([point(33, 12), point(67, 58)], start=150, end=30, fill=WHITE, width=width)
    return image.resize((size, size), Image.LANCZOS)


def main():
    ICONS.mkdir(parents=True, exist_ok=True)
    PUBLIC.mkdir(parents=True, exist_ok=True)
    ribbon(180, padding=0.08).save(ICONS / "apple-touch-icon.png", optimize=True)
    ribbon(192, padding=0.12).save(ICONS / "icon-192.png", optimize=True)
    ribbon(512, padding=0.12).save(ICONS / "icon-512.png", optimize=True)
    ribbon(48).save(PUBLIC / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
