"""The benchmark's results as a table for the terminal, BENCHMARKS.md and a plot."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from bot.core.i18n import translator
from bot.core.render import FIRST_CHARACTERS, FIRST_LINES, render_topic, visible_length
from bot.knowledge.model import LANGUAGES, KnowledgeBase

GOALS = """Goals (issue 7): shipped knowledge base, matcher median < 0.3 ms and 99th percentile
< 2 ms a query, start-up < 1 s, peak memory < 150 MB; 10,000 topics, 99th percentile
< 20 ms and start-up < 5 s (index cached on disk); Telegram path at least half the bare
bot's throughput."""


def table(results: dict[str, Any]) -> str:
    lines = [f"machine: {results['machine']}", "", "quality on " + results["labelled_set"]]
    lines.append(f"{'':<28}{'top1':>8}{'top3':>8}{'oos':>8}{'mrr':>8}")
    for name, q in results["quality"].items():
        lines.append(
            f"{name:<28}{q['top1']:>8.3f}{q['top3']:>8.3f}{q['out_of_scope']:>8.3f}{q['mrr']:>8.3f}"
        )
    lines += [
        "",
        "speed a query (shipped knowledge base)",
        f"{'':<28}{'median ms':>10}{'p99 ms':>10}{'per s':>10}",
    ]
    for name, s in results["speed"].items():
        lines.append(
            f"{name:<28}{s['median_ms']:>10.3f}{s['p99_ms']:>10.3f}{s['per_second']:>10.0f}"
        )
    lines += [
        "",
        "scaling (matcher index of one language)",
        f"{'topics':>8}{'docs':>9}{'build s':>9}{'cached s':>9}{'MB':>8}{'median ms':>11}"
        f"{'p99 ms':>9}",
    ]
    for p in results["scaling"]:
        lines.append(
            f"{p['topics']:>8}{p['documents']:>9}{p['build_s']:>9.2f}"
            f"{p['cached_load_s']:>9.2f}{p['memory_mb']:>8.1f}"
            f"{p['speed']['median_ms']:>11.3f}{p['speed']['p99_ms']:>9.3f}"
        )
    start = results["startup"]
    lines += [
        "",
        f"start-up: {start['seconds']:.2f} s to ready, peak memory {start['peak_mb']:.0f} MB"
        + (" (with the sentence encoder, warm cache)" if start.get("encoder") else ""),
    ]
    if "telegram" in results:
        t = results["telegram"]
        lines += [
            f"telegram path ({t['users']} users, median of {t['rounds']} rounds): Relais "
            f"{t['relais_per_second']:.0f} questions/s, bare aiogram bot "
            f"{t['bare_per_second']:.0f} /s (Relais at {t['share']:.0%} of it)"
        ]
    if "burst" in results:
        b = results["burst"]
        lines += [
            f"burst ({b['messages']:,} messages from {b['users']:,} people at once, words only): "
            f"{b['replies_per_second']:.0f} replies/s, all answered, memory "
            f"+{b['memory_growth_mb']:.0f} MB"
        ]
    if "faq" in results:
        lines += ["", "FAQ set"] + [
            f"{n:<28}top1 {q['top1']:.3f}  top3 {q['top3']:.3f}  mrr {q['mrr']:.3f}"
            for n, q in results["faq"].items()
        ]
    return "\n".join(lines)


# The figures before issue 14, when a whole answer with all its contact cards was one
# message (split only at Telegram's 4,096 characters): median and largest, per language.
BEFORE_PHONE_SCREEN = {
    "fr": (2032, 3535), "en": (2212, 3900), "es": (2297, 4096), "pt": (2278, 4080),
    "ro": (2303, 4066), "bg": (2229, 3989), "ru": (2250, 4031), "zh": (1216, 2143),
    "ar": (2074, 3450),
}  # fmt: skip


def phone_screen(kb: KnowledgeBase) -> str:
    """The first message of every topic in every language: characters (median, largest,
    direction marks not counted) and lines (largest), against the budget of issue 14."""
    lines = [
        f"## First message of an answer (issue 14)\n\nBudget: {FIRST_CHARACTERS} characters "
        f"and {FIRST_LINES} lines. Every topic ({len(kb.topics)}) in every language; before: "
        "the whole answer with every contact card.\n",
        "| language | median | largest | most lines | before: median | before: largest |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for lang in LANGUAGES:
        bodies = [render_topic(kb, topic, lang, translator(lang)).body for topic in kb.topics]
        lengths = [visible_length(body) for body in bodies]
        before = BEFORE_PHONE_SCREEN.get(lang, (0, 0))
        lines.append(
            f"| {lang} | {statistics.median(lengths):.0f} | {max(lengths)} | "
            f"{max(len(body.splitlines()) for body in bodies)} | {before[0]} | {before[1]} |"
        )
    return "\n".join(lines)


def write_markdown(results: dict[str, Any], path: Path, plot: Path, screen: str = "") -> None:
    path.write_text(
        "# Benchmarks\n\nMade by `python -m bot bench --write` (in under 5 minutes). "
        "Latest run:\n\n"
        f"```\n{table(results)}\n```\n\n{GOALS}\n\n"
        f"![Time a query against knowledge-base size]({plot.name})\n\n"
        "Baselines are built in the benchmark on the same example questions: rapidfuzz "
        "`extractOne` with `token_set_ratio` and `default_process`, and BM25 (rank-bm25) "
        "over word tokens, each with the answer threshold that suits it best on the set.\n"
        + _encoder_section(path)
        + (f"\n{screen}\n" if screen else ""),
        encoding="utf-8",
    )


def _encoder_section(path: Path) -> str:
    """The section on the choice of the sentence encoder, written by hand, kept as it is."""
    if not path.is_file():
        return ""
    old = path.read_text(encoding="utf-8")
    start = old.find("\n## The sentence encoder")
    if start < 0:
        return ""
    end = old.find("\n## ", start + 1)  # the sections after it are written again
    return old[start:] if end < 0 else old[start : end + 1]


def write_plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    points = results["scaling"]
    sizes = [p["topics"] for p in points]
    figure, axis = plt.subplots(figsize=(6, 4))
    axis.plot(sizes, [p["speed"]["median_ms"] for p in points], marker="o", label="median")
    axis.plot(sizes, [p["speed"]["p99_ms"] for p in points], marker="o", label="99th percentile")
    axis.set_xscale("log")
    axis.set_xlabel("topics in the knowledge base")
    axis.set_ylabel("ms a query")
    axis.set_title("Relais matcher: time a query against size")
    axis.grid(True, alpha=0.3)
    axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
