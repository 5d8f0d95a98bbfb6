"""python -m bot report: the observatory's weekly counts, with every count under 5 shown
as "<5" and no figure from which a hidden one could be worked out."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from bot.__main__ import main
from bot.store.database import Store
from bot.store.observatory import SMALL, suppress

WEEK_1 = dt.date(2026, 11, 2)  # a Monday
WEEK_2 = dt.date(2026, 11, 9)
PERIOD = ["--from", "2026-11-02", "--to", "2026-11-15"]


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database as a fortnight of the bot leaves it."""
    store = Store(tmp_path / "relais.db")
    events = [
        (WEEK_1, "answered", "health.pep", "fr", 12),
        (WEEK_1, "answered", "health.testing", "fr", 7),
        (WEEK_1, "answered", "health.pep", "ro", 2),  # a small cell
        (WEEK_1, "unanswered", "", "fr", 9),
        (WEEK_1, "emergency", "emergency.now", "fr", 1),
        (WEEK_1, "clarified", "", "fr", 6),
        (WEEK_2, "answered", "shelter.tonight", "bg", 8),
        (WEEK_2, "unanswered", "", "bg", 5),
        (WEEK_2, "helpful", "shelter.tonight", "bg", 3),
    ]
    for day, event, topic, lang, times in events:
        for _ in range(times):
            store.counts.add(event, topic, lang, day)
    for hours in (0.5, 2, 2, 30, 30, 30, 30, 30):
        store.counts.add_reply_time(hours, WEEK_1)
    for index in range(6):  # one theme asked six times, another twice
        store.add_question(f"p{index}", "fr", "ou garer mon camion la nuit", [], None, 7, WEEK_1)
    for index in range(2):
        store.add_question(f"q{index}", "fr", "ma tortue est malade", [], None, 7, WEEK_2)
    store.close()
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "relais.db"))
    return tmp_path / "relais.db"


def report(*options: str) -> str:
    result = CliRunner().invoke(main, ["report", *PERIOD, *options])
    assert result.exit_code == 0, result.output
    return result.output


def figures(database: Path) -> dict[tuple[str, str, str], str]:
    rows = csv.DictReader(io.StringIO(report("--format", "csv")))
    return {(r["table"], r["row"], r["week"]): r["count"] for r in rows}


@pytest.mark.parametrize(
    ("table", "row", "week", "expected"),
    [
        ("decisions", "answered", "2026-11-02", "21"),
        ("decisions", "unanswered", "2026-11-02", "9"),
        ("decisions", "clarified", "2026-11-02", "<5"),  # hidden with emergency 1
        ("decisions", "emergency", "2026-11-02", "<5"),
        ("decisions", "answered", "2026-11-09", "8"),
        ("languages", "fr", "2026-11-02", "35"),
        ("languages", "ro", "2026-11-02", "<5"),
        ("languages", "bg", "2026-11-02", "<5"),
        ("languages", "bg", "2026-11-09", "13"),
        ("topics: health", "health.pep", "2026-11-02", "14"),
        ("topics: health", "health.testing", "2026-11-02", "7"),
        ("time to a human reply", "1–3 days", "2026-11-02", "5"),
        ("time to a human reply", "under 1 h", "2026-11-02", "<5"),
    ],
)
def test_report_counts_by_week(
    database: Path, table: str, row: str, week: str, expected: str
) -> None:
    assert figures(database)[(table, row, week)] == expected


def test_a_lone_small_count_hides_another_so_it_cannot_be_subtracted(database: Path) -> None:
    shown = figures(database)
    week_1 = {r: shown[("decisions", r, "2026-11-02")] for r in ("answered", "clarified")}
    # Week 1 has one small decision (emergency 1): the smallest other one (clarified 6)
    # is hidden with it, else languages (fr 35, ro <5) minus the others would give it.
    assert week_1 == {"answered": "21", "clarified": "<5"}


def test_no_group_of_figures_has_exactly_one_hidden_cell(database: Path) -> None:
    shown = figures(database)
    for week in ("2026-11-02", "2026-11-09"):
        for table in ("decisions", "languages", "time to a human reply"):
            cells = [v for (t, _, w), v in shown.items() if t == table and w == week]
            assert [c == "<5" for c in cells].count(True) != 1, (table, week)


def test_every_count_under_5_is_shown_as_less_than_5(database: Path) -> None:
    for count in figures(database).values():
        assert count == "<5" or int(count) >= SMALL


def test_the_markdown_report_has_the_same_counts_and_no_totals(database: Path) -> None:
    text = report("--format", "md")
    assert "| answered | 21 | 8 |" in text
    assert "| emergency | <5 | <5 |" in text
    assert "total" not in text.lower().replace("no totals", "")


def test_a_theme_shows_its_text_only_when_5_questions_share_it(database: Path) -> None:
    text = report("--format", "md")
    assert '6 × "ou garer mon camion la nuit"' in text
    assert "tortue" not in text and "<5 × (fewer than 5 questions: no text)" in text


def test_the_png_is_a_readable_chart(database: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.png"
    report("--format", "png", "--out", str(out))
    with Image.open(out) as image:
        assert image.size[0] >= 800 and image.size[1] >= 600
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 10  # not blank


def test_the_report_survives_forget(database: Path) -> None:
    store = Store(database)
    store.forget("p0")
    store.close()
    assert figures(database)[("decisions", "answered", "2026-11-02")] == "21"


def test_suppression_hides_a_second_cell_wherever_one_is_alone() -> None:
    week = WEEK_1
    values = {("t", "a", week): 10, ("t", "b", week): 3, ("t", "c", week): 7}
    assert suppress(values, [list(values)]) == {("t", "b", week), ("t", "c", week)}
