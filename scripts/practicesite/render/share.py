"""Share images: a 1200×630 PNG per practice page (its title, its city and the site's name), drawn
at build time with the DejaVu fonts kept in data/fonts/ (no request to another host), for the link
previews of social networks and chat programs (the page names it as `image:` in its front matter).

The same text gives the same bytes: the fonts are ours, the layout engine is FreeType's basic one
(not Raqm, which a system may or may not have), and the PNG carries no date. The picture has one
background colour and white, with FreeType's anti-aliasing in between: it is drawn in grey levels
and written as a palette PNG whose 256 colours run from the background to white.

Drawing and encoding one image takes about 5 ms, half in FreeType's rendering of the title and half
in zlib (about a third of a second for 32 practices in two languages): they are drawn anew at every
build, and kept in memory while `serve` runs.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONTS = Path(__file__).parent / "data" / "fonts"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BACKGROUND = (0x28, 0x35, 0x93)  # Material's indigo 800: white text on it has a contrast of 10:1
FOREGROUND = (0xFF, 0xFF, 0xFF)
TITLE_SIZES = (64, 56, 48)  # the largest at which the title fits in MAX_LINES lines
MAX_LINES = 4


@functools.cache
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / FONT_FILES[bold]), size, layout_engine=ImageFont.Layout.BASIC)


@functools.cache
def _palette() -> list[int]:
    """256 colours from the background (0) to the foreground (255): a grey level is a colour."""
    return [round(b + (f - b) * level / 255) for level in range(256)
            for b, f in zip(BACKGROUND, FOREGROUND, strict=True)]


def wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Greedy line breaking at spaces; a word longer than a line stays whole."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and font.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def title_lines(title: str) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The title's font and lines: the largest size that fits, else the smallest, cut with '…'."""
    width = WIDTH - 2 * MARGIN
    for size in TITLE_SIZES:
        font = _font(True, size)
        lines = wrap(title, font, width)
        if len(lines) <= MAX_LINES:
            return font, lines
    lines = lines[:MAX_LINES]
    last = lines[-1]
    while last and font.getlength(last + " …") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    lines[-1] = last + " …"
    return font, lines


@functools.cache
def _heading(site_name: str) -> Image.Image:
    """The part every picture of a site shares: its name and a short rule below it."""
    canvas = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(canvas)
    draw.text((MARGIN, 64), " ".join(site_name.split()), font=_font(False, 30), fill=200)
    draw.rectangle((MARGIN, 116, MARGIN + 120, 122), fill=255)
    return canvas


@functools.lru_cache(maxsize=4096)  # `serve` renders every page again at each save: each picture is drawn once
def share_image(title: str, place: str, site_name: str) -> bytes:
    """The PNG of one page: the site's name at the top, the title in large type, the place below."""
    canvas = _heading(site_name).copy()
    draw = ImageDraw.Draw(canvas)
    font, lines = title_lines(" ".join(title.split()))
    line_height = round(font.size * 1.22)
    top = 160 + (MAX_LINES - len(lines)) * line_height // 2  # a short title sits in the middle
    for index, line in enumerate(lines):
        draw.text((MARGIN, top + index * line_height), line, font=font, fill=255)
    draw.text((MARGIN, HEIGHT - 100), " ".join(place.split()), font=_font(False, 34), fill=225)
    canvas.putpalette(_palette())  # the grey levels become the palette's indices: a "P" image, no copy
    out = io.BytesIO()
    canvas.save(out, "PNG", compress_level=1)  # level 6 saves a third of 25 KB and doubles the time
    return out.getvalue()
