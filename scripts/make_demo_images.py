"""Regenerate the demo images in demo/data/images/ (made here, so licence-free).

Soft abstract compositions in the brand palette: a gradient, overlapping translucent
discs and, on some, the awareness ribbon. `.venv/bin/python scripts/make_demo_images.py`"""

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent.parent / "demo" / "data" / "images"
WIDTH, HEIGHT = 1600, 900

PALETTES = {
    "hero": ((252, 228, 238), (181, 0, 91), [(255, 255, 255), (138, 0, 69), (247, 196, 218)]),
    "share": ((138, 0, 69), (62, 0, 36), [(255, 255, 255), (247, 196, 218), (181, 0, 91)]),
    "about": ((247, 244, 241), (214, 170, 190), [(181, 0, 91), (255, 255, 255), (120, 90, 110)]),
    "metastatic": ((232, 237, 250), (26, 79, 214), [(255, 255, 255), (181, 0, 91), (160, 180, 240)]),
    "perspectives": ((255, 247, 214), (200, 120, 40), [(255, 255, 255), (138, 0, 69), (240, 200, 120)]),
    "affiliates": ((230, 244, 236), (11, 107, 58), [(255, 255, 255), (181, 0, 91), (150, 210, 170)]),
    "boards": ((243, 234, 250), (110, 50, 160), [(255, 255, 255), (181, 0, 91), (200, 170, 230)]),
    "library": ((250, 240, 230), (150, 80, 60), [(255, 255, 255), (138, 0, 69), (230, 190, 160)]),
}
RIBBON = {"hero", "share", "about"}


def gradient(top, bottom):
    base = Image.new("RGB", (1, 256))
    for y in range(256):
        t = y / 255
        base.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return base.resize((WIDTH, HEIGHT))


def compose(name, seed):
    top, bottom, accents = PALETTES[name]
    rng = random.Random(seed)  # noqa: S311 - reproducible artwork, not security
    image = gradient(top, bottom).rotate(rng.choice([0, 180]))
    layer = Image.new("RGBA", (WIDTH, HEIGHT), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(14):
        r = rng.randint(80, 360)
        x, y = rng.randint(-100, WIDTH + 100), rng.randint(-100, HEIGHT + 100)
        colour = (*rng.choice(accents), rng.randint(40, 110))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    layer = layer.filter(ImageFilter.GaussianBlur(18))
    image = Image.alpha_composite(image.convert("RGBA"), layer)
    if name in RIBBON:
        ribbon = Image.new("RGBA", (WIDTH, HEIGHT), (0, 0, 0, 0))
        rd = ImageDraw.Draw(ribbon)
        cx, cy, s = WIDTH * 0.72, HEIGHT * 0.5, 5.2
        white = (255, 255, 255, 235)
        w = round(11 * s)

        def p(x, y):
            return (cx + (x - 50) * s, cy + (y - 50) * s)

        rd.line([p(36, 90), p(62, 44)], fill=white, width=w)
        rd.line([p(64, 90), p(38, 44)], fill=white, width=w)
        rd.arc([p(33, 12), p(67, 58)], start=150, end=30, fill=white, width=w)
        image = Image.alpha_composite(image, ribbon.filter(ImageFilter.GaussianBlur(1)))
    return image.convert("RGB")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for seed, name in enumerate(PALETTES):
        compose(name, seed).save(OUT / f"{name}.jpg", quality=72, optimize=True, progressive=True)


if __name__ == "__main__":
    main()
