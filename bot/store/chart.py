"""The observatory as a chart for a report (matplotlib, PNG): the week's decisions and the
languages people wrote in. A hidden count ("<5") is drawn as an empty, hatched bar with
its label, never as its value."""

from __future__ import annotations

import io

from bot.store.observatory import HIDDEN, Observatory, Table

HIDDEN_HEIGHT = 0.0


def observatory_png(figures: Observatory) -> bytes:
    import matplotlib

    matplotlib.use("Agg")  # no display on a server
    from matplotlib import pyplot as plt

    tables = [figures.table("decisions"), figures.table("languages")]
    figure, axes = plt.subplots(len(tables), 1, figsize=(10, 4 * len(tables)), dpi=100)
    for axis, table in zip(axes, tables, strict=True):
        _bars(axis, table)
    figure.suptitle(f"Relais, {figures.first} to {figures.last}")
    figure.text(
        0.01, 0.005, f'Counts under 5 are shown as "{HIDDEN}" (hatched), to protect people.', size=8
    )
    figure.tight_layout(rect=(0, 0.02, 1, 0.97))
    out = io.BytesIO()
    figure.savefig(out, format="png")
    plt.close(figure)
    return out.getvalue()


def _bars(axis, table: Table) -> None:  # type: ignore[no-untyped-def]
    """Grouped bars: one group per week, one bar per row of the table."""
    count = max(len(table.rows), 1)
    width = 0.8 / count
    for index, (row, cells) in enumerate(table.rows):
        xs = [week + index * width for week in range(len(table.weeks))]
        heights = [HIDDEN_HEIGHT if c is None else c for c in cells]
        bars = axis.bar(xs, heights, width, label=row)
        for bar, cell in zip(bars, cells, strict=True):
            if cell is None:
                axis.annotate(
                    HIDDEN, (bar.get_x() + width / 2, 0), ha="center", va="bottom", size=7
                )
    axis.set_xticks([week + 0.4 - width / 2 for week in range(len(table.weeks))])
    axis.set_xticklabels([f"week of {w:%d %b}" for w in table.weeks])
    axis.set_title(table.name)
    axis.set_ylabel("questions")
    if table.rows:
        axis.legend(fontsize=8, ncol=min(len(table.rows), 5))
