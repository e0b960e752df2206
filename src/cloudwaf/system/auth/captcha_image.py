"""Draws a captcha server-side: distorted characters over noise, as a PNG data URL."""

from __future__ import annotations

import base64
import io
import secrets

from PIL import Image, ImageDraw, ImageFilter, ImageFont

# No 0/O, 1/I/L: answers are compared case-insensitively and must be readable.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 5
_WIDTH, _HEIGHT = 160, 56
_rng = secrets.SystemRandom()


def random_answer() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def render(answer: str) -> str:
    image = Image.new("RGB", (_WIDTH, _HEIGHT), (246, 248, 250))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        draw.line(
            [(_rng.randint(0, _WIDTH), _rng.randint(0, _HEIGHT)) for _ in range(2)],
            fill=_random_colour(120, 200),
            width=1,
        )
    font = ImageFont.load_default(size=32)
    step = (_WIDTH - 20) // len(answer)
    for index, char in enumerate(answer):
        glyph = Image.new("RGBA", (44, 52), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((6, 4), char, font=font, fill=_random_colour(20, 110))
        glyph = glyph.rotate(_rng.uniform(-28, 28), resample=Image.Resampling.BICUBIC, expand=False)
        image.paste(glyph, (10 + index * step + _rng.randint(-3, 3), _rng.randint(-2, 6)), glyph)
    for _ in range(140):
        draw.point((_rng.randint(0, _WIDTH - 1), _rng.randint(0, _HEIGHT - 1)), fill=_random_colour(60, 180))
    image = image.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _random_colour(low: int, high: int) -> tuple[int, int, int]:
    return (_rng.randint(low, high), _rng.randint(low, high), _rng.randint(low, high))
