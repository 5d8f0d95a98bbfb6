"""Make the committed fonts again from the full Noto fonts: `make fonts`.

The full fonts weigh about 60 MB (the Chinese one alone 20 MB a weight); a sheet needs
only the characters that the knowledge base, the interface catalogs and the dates in
nine languages use. This keeps those, with every OpenType feature (the Arabic letter
forms and ligatures live there), and drops hinting, which print does not need.

The full fonts come from Debian (`apt-get install fonts-noto-core fonts-noto-cjk`);
`--from` names another folder holding the same files.
"""

from __future__ import annotations

import datetime as dt
import string
import sys
from pathlib import Path

from fontTools import subset

from bot.core.i18n import day_name, long_date, short_time
from bot.knowledge.model import LANGUAGES
from bot.sheets.fonts import FACES, FOLDER

# Where Debian puts each full font, and which font of a collection (.ttc) to take:
# the third of Noto Sans CJK is Simplified Chinese.
SOURCES = {
    "NotoSans-Regular.ttf": ("truetype/noto/NotoSans-Regular.ttf", 0),
    "NotoSans-Bold.ttf": ("truetype/noto/NotoSans-Bold.ttf", 0),
    "NotoSansArabic-Regular.ttf": ("truetype/noto/NotoSansArabic-Regular.ttf", 0),
    "NotoSansArabic-Bold.ttf": ("truetype/noto/NotoSansArabic-Bold.ttf", 0),
    "NotoSansSC-Regular.otf": ("opentype/noto/NotoSansCJK-Regular.ttc", 2),
    "NotoSansSC-Bold.otf": ("opentype/noto/NotoSansCJK-Bold.ttc", 2),
    "NotoSansSymbols2-Regular.ttf": ("truetype/noto/NotoSansSymbols2-Regular.ttf", 0),
}
DEBIAN_FONTS = Path("/usr/share/fonts")
# Typography that a sheet itself writes (a dash between two times, a cut line, quotes).
SHEET_CHARACTERS = "–—‘’“”«»„…·•€№✂☎✆⚠✔✉❤🕘🚑🛏"


def common_characters() -> str:
    """The letters of the nine languages that an edit is likely to bring, kept even before
    the knowledge base uses them, so that an association's edit seldom needs `make fonts`:
    Latin with its accents, Cyrillic, Arabic, and the 3,755 most common Chinese characters
    (level 1 of GB 2312)."""
    blocks = [(0x00A0, 0x017F), (0x0400, 0x04FF), (0x0600, 0x06FF), (0x2000, 0x206F)]
    letters = [chr(code) for first, last in blocks for code in range(first, last + 1)]
    hanzi = [
        bytes([row, cell]).decode("gb2312", errors="ignore")
        for row in range(0xB0, 0xD8)
        for cell in range(0xA1, 0xFF)
    ]
    return "".join(letters) + "".join(hanzi)


def characters_used(project: Path) -> str:
    """Every character a sheet can print: the common letters of the nine languages, the
    knowledge files, the catalogs, and the dates, day names and times that babel writes
    in each language."""
    texts = [string.printable, SHEET_CHARACTERS, common_characters()]
    for pattern in ("knowledge/**/*.yaml", "locales/*/LC_MESSAGES/*.po"):
        texts += [path.read_text(encoding="utf-8") for path in project.glob(pattern)]
    for lang in LANGUAGES:
        texts += [long_date(dt.date(2026, month, 25), lang) for month in range(1, 13)]
        texts += [day_name(weekday, lang) for weekday in range(7)]
        texts += [short_time(dt.time(hour, 30), lang) for hour in range(24)]
    return "".join(sorted(set("".join(texts))))


def subset_font(source: Path, number: int, text: str, target: Path) -> None:
    """Write the glyphs of `source` for `text` (and what they need) to `target`."""
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.hinting = False
    options.font_number = number
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def main(argv: list[str]) -> int:
    source_folder = Path(argv[argv.index("--from") + 1]) if "--from" in argv else DEBIAN_FONTS
    project = Path(__file__).resolve().parents[2]
    text = characters_used(project)
    for face in FACES:
        relative, number = SOURCES[face.file]
        source = source_folder / relative
        if not source.exists():
            print(f"{source} is missing: apt-get install fonts-noto-core fonts-noto-cjk")
            return 1
        subset_font(source, number, text, FOLDER / face.file)
        print(f"{face.file}: {(FOLDER / face.file).stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
