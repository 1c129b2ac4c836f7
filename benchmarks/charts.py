"""Draw results.json: ``python -m benchmarks.charts [results.json]`` (run by ``make bench``).

- ``cpu_by_scenario.png``: each library's client CPU per operation over raw PyMongo's, scenario by
  scenario, side by side; raw PyMongo is the line at 1.
- ``concurrency.png``: the DRF list under uvicorn: requests per second, p50 and p99 latency, and the
  server's CPU per request, by concurrent clients.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .harness import HTTP_SCENARIO

HERE = Path(__file__).parent


def family(library: str) -> str:
    """A library's name on both faces (``mongodb_rest.aio`` and ``mongodb_rest.sync`` are one)."""
    return library.split(".", 1)[0]


def colours(libraries: list[str]) -> dict[str, Any]:
    import matplotlib.pyplot as plt

    palette = plt.get_cmap("tab10").colors
    return {library: palette[i % len(palette)] for i, library in enumerate(libraries)}


def cpu_chart(rows: list[dict[str, Any]], path: Path) -> None:
    """Grouped horizontal bars of ``ratio_vs_raw`` by scenario, on a log scale, raw PyMongo at 1."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    measured = [row for row in rows if row["ratio_vs_raw"] is not None and row["concurrency"] is None]
    scenarios = list(dict.fromkeys(row["scenario"] for row in measured))
    libraries = list(
        dict.fromkeys(family(row["library"]) for row in measured if family(row["library"]) != "pymongo")
    )
    colour = colours(libraries)
    height = 0.8 / max(len(libraries), 1)
    figure, axes = plt.subplots(figsize=(10, 0.55 * len(scenarios) + 1.5))
    for i, scenario in enumerate(scenarios):
        ratios = {family(r["library"]): r["ratio_vs_raw"] for r in measured if r["scenario"] == scenario}
        for j, library in enumerate(libraries):
            if library in ratios:
                axes.barh(
                    i + (j - (len(libraries) - 1) / 2) * height,
                    ratios[library],
                    height,
                    color=colour[library],
                )
    baseline = axes.axvline(1, color="black", linewidth=1.2)
    handles = [baseline, *(Patch(color=colour[library]) for library in libraries)]
    axes.legend(handles, ["raw PyMongo (same face) = 1", *libraries], loc="lower right", fontsize="small")
    axes.set_xscale("log")
    ticks = [
        t for t in (1, 1.5, 2, 3, 5, 10, 20, 50, 100) if t <= max(r["ratio_vs_raw"] for r in measured) * 1.2
    ]
    axes.set_xticks(ticks, [f"{t:g}x" for t in ticks])
    axes.set_yticks(range(len(scenarios)), scenarios)
    axes.invert_yaxis()
    axes.set_xlabel("client CPU per operation, over raw PyMongo's (log scale; lower is better)")
    axes.grid(axis="x", which="both", alpha=0.3)
    axes.set_title("Client CPU per operation by scenario, every library against raw PyMongo")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def concurrency_chart(rows: list[dict[str, Any]], path: Path) -> None:
    """Requests per second, p50 and p99 latency, and server CPU per request by concurrent clients."""
    import matplotlib.pyplot as plt

    http = [row for row in rows if row["scenario"] == HTTP_SCENARIO and row["concurrency"] is not None]
    libraries = list(dict.fromkeys(row["library"] for row in http))
    colour = colours(libraries)
    panels = (
        ("requests_per_s", "requests per second"),
        ("p50_ms", "p50 latency, ms"),
        ("p99_ms", "p99 latency, ms"),
        ("client_cpu_us_per_op", "uvicorn process CPU per request, us"),
    )
    figure, grid = plt.subplots(2, 2, figsize=(11, 7.5))
    for axes, (key, label) in zip(grid.flat, panels, strict=True):
        for library in libraries:
            points = sorted((row["concurrency"], row[key]) for row in http if row["library"] == library)
            axes.plot(*zip(*points, strict=True), marker="o", color=colour[library], label=library)
        axes.set_xscale("log")
        axes.set_xticks([1, 10, 50], ["1", "10", "50"])
        axes.set_xlabel("concurrent clients")
        axes.set_ylabel(label)
        axes.grid(alpha=0.3)
    grid.flat[0].legend(fontsize="small")
    figure.suptitle("The list of 100 members under uvicorn (DRF views), by concurrent clients")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def main(argv: list[str]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    source = Path(argv[0]) if argv else HERE / "results.json"
    rows = json.loads(source.read_text())
    cpu_chart(rows, source.parent / "cpu_by_scenario.png")
    if any(row["scenario"] == HTTP_SCENARIO and row["concurrency"] for row in rows):
        concurrency_chart(rows, source.parent / "concurrency.png")


if __name__ == "__main__":
    main(sys.argv[1:])
