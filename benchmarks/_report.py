"""Paired ratios and their spread, and ``RESULTS.md`` from them (used by ``run.py``)."""

# ruff: noqa: RUF001, RUF002 (the report is Markdown: its signs and dashes are meant)

from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
import time
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LABELS = {
    "catapult": "catapult",
    "raw": "raw requests + json",
    "urllib3": "urllib3 pool + json",
    "old": "bandwidth-sdk 3.1.0",
}
Run = dict[str, dict[str, Any]]


def spread(values: Sequence[float], digits: int = 2) -> str:
    """``median (quartiles a–b, range c–d)`` of a sample."""
    ordered = sorted(values)
    if len(ordered) < 2:
        return f"{ordered[0]:.{digits}f}"
    q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    med = statistics.median(ordered)
    return (
        f"**{med:.{digits}f}** (quartiles {q1:.{digits}f}–{q3:.{digits}f}, "
        f"range {ordered[0]:.{digits}f}–{ordered[-1]:.{digits}f})"
    )


def ratios(runs: list[Run], measure: str, key: str, top: str, bottom: str) -> list[float]:
    """One ratio per run: ``top``'s value over ``bottom``'s, measured seconds apart."""
    return [run[f"{measure}/{top}"][key] / run[f"{measure}/{bottom}"][key] for run in runs]


def values(runs: list[Run], measure: str, client: str, key: str) -> list[float]:
    return [float(run[f"{measure}/{client}"][key]) for run in runs]


def run_summary(run: Run) -> str:
    get = run["get/catapult"]["cpu_us_per_call"] / run["get/raw"]["cpu_us_per_call"]
    lst = run["list/catapult"]["cpu_us_per_item"] / run["list/raw"]["cpu_us_per_item"]
    tol = run["tolerant/catapult"]["cpu_us_per_item"] / run["tolerant/raw"]["cpu_us_per_item"]
    return f"get {get:.2f}x, list {lst:.2f}x, tolerant list {tol:.2f}x raw"


def machine() -> list[str]:
    cpu = platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    names = ("catapult-sdk", "pydantic", "pydantic-core", "msgspec", "requests", "urllib3")
    libs = []
    for name in names:
        try:
            libs.append(f"{name} {version(name)}")
        except Exception:
            continue
    python = HERE / ".venv-old" / "bin" / "python"
    probe = "from importlib.metadata import version as v; print(v('bandwidth-sdk'))"
    old = subprocess.run([str(python), "-c", probe], capture_output=True, text=True)
    load = os.getloadavg()
    return [
        "| machine | |",
        "|---|---|",
        f"| CPU | {cpu}, {os.cpu_count()} cores |",
        f"| load average at the end (1, 5, 15 min) | {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f} |",
        f"| OS, Python | {platform.system()} {platform.release()}, {platform.python_version()} |",
        f"| libraries | {', '.join(libs)} |",
        f"| old client venv | bandwidth-sdk {old.stdout.strip()} |",
    ]


def _figures(runs: list[Run], context: dict[str, Any]) -> dict[str, list[float]]:
    cpu_item, cpu_call = "cpu_us_per_item", "cpu_us_per_call"
    imports = context["imports"]
    cpu = {name: [run[name][0] for run in imports] for name in ("deps", "floor", "first")}
    wall = {name: [run[name][1] for run in imports] for name in ("deps", "first")}
    return {
        "get": ratios(runs, "get", cpu_call, "catapult", "raw"),
        "get_wall": ratios(runs, "get", "wall_us_per_call", "catapult", "raw"),
        "get_old": ratios(runs, "get", cpu_call, "old", "catapult"),
        "get_floor": ratios(runs, "get", cpu_call, "urllib3", "raw"),
        "get_vs_floor": ratios(runs, "get", cpu_call, "catapult", "urllib3"),
        "list": ratios(runs, "list", cpu_item, "catapult", "raw"),
        "list_wall": ratios(runs, "list", "wall_us_per_item", "catapult", "raw"),
        "list_old": ratios(runs, "list", cpu_item, "old", "catapult"),
        "tolerant": ratios(runs, "tolerant", cpu_item, "catapult", "raw"),
        "tolerant_wall": ratios(runs, "tolerant", "wall_us_per_item", "catapult", "raw"),
        "gc": values(runs, "list", "catapult", "gc_cpu_us_per_item"),
        "gc_tolerant": values(runs, "tolerant", "catapult", "gc_cpu_us_per_item"),
        "gc_raw": values(runs, "list", "raw", "gc_cpu_us_per_item"),
        "gc_raw_tolerant": values(runs, "tolerant", "raw", "gc_cpu_us_per_item"),
        "rss_small": [v / 1024 for v in values(runs, "list-small", "catapult", "rss_growth_kib")],
        "rss_big": [v / 1024 for v in values(runs, "list", "catapult", "rss_growth_kib")],
        "first_use": [f / d for d, f in zip(cpu["deps"], cpu["first"], strict=True)],
        "first_use_wall": [f / d for d, f in zip(wall["deps"], wall["first"], strict=True)],
        "model_floor": [f / d for d, f in zip(cpu["deps"], cpu["floor"], strict=True)],
        "deps_ms": [d * 1000 for d in cpu["deps"]],
        "floor_ms": [f * 1000 for f in cpu["floor"]],
        "first_ms": [f * 1000 for f in cpu["first"]],
    }


def _absolute(runs: list[Run]) -> list[str]:
    rows = ["| measure | client | CPU | wall | GC |", "|---|---|---:|---:|---:|"]
    for measure, unit, key in (
        ("get", "µs/call", "per_call"),
        ("list", "µs/item", "per_item"),
        ("tolerant", "µs/item", "per_item"),
    ):
        for client in ("catapult", "raw", "urllib3", "old"):
            if f"{measure}/{client}" not in runs[0]:
                continue
            cpu = statistics.median(values(runs, measure, client, f"cpu_us_{key}"))
            wall = statistics.median(values(runs, measure, client, f"wall_us_{key}"))
            gc = (
                ""
                if measure == "get"
                else f"{statistics.median(values(runs, measure, client, 'gc_cpu_us_per_item')):.2f}"
            )
            rows.append(
                f"| {measure} ({unit}) | {LABELS[client]} | {cpu:.2f} | {wall:.2f} | {gc} |"
            )
    return rows


def _servers_text(context: dict[str, Any]) -> list[str]:
    floors, emulator = context["floors"], context["emulator"]
    return [
        "Bare `http.client` reading every page, no parsing (wall time per item): emulator "
        f"{floors['emulator']:.2f} µs, static tolerant pages {floors['tolerant']:.2f} µs. The "
        f"emulator builds a page of 1,000 from its per-bridge JSON cache in {emulator['warm']:.0f}"
        f" µs ({emulator['cold'] / 1000:.2f} µs per item the first time a bridge is serialised; "
        "every listing here is served warm). Compare with the clients' wall times below: the "
        "servers do not set the pace.",
    ]


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def kept_sections(path: Path) -> list[str]:
    """The sections other scripts added to ``path`` (their heading names the script, as in
    ``## ... (`benchmarks/members.py`)``), kept when this report rewrites the file."""
    if not path.exists():
        return []
    sections = re.split(r"(?m)^(?=## )", path.read_text())
    other = re.compile(r"## [^\n]*\(`benchmarks/(?!run\.py)\w+\.py`\)")
    return [section.rstrip("\n") + "\n" for section in sections if other.match(section)]


def write(path: Path, args: dict[str, Any], runs: list[Run], context: dict[str, Any]) -> str:
    f = _figures(runs, context)
    med = {name: statistics.median(v) for name, v in f.items()}
    items = runs[0]["list/catapult"]["items"]
    small = runs[0]["list-small/catapult"]["items"]
    traced = context["traced"]
    targets = [
        ("list, emulator pages: CPU ≤ 1.1 × raw", f"{med['list']:.2f}x", med["list"] <= 1.1),
        (
            "list, tolerant pages: CPU ≤ 1.1 × raw",
            f"{med['tolerant']:.2f}x",
            med["tolerant"] <= 1.1,
        ),
        (
            "list: GC ≤ 0.2 µs per item (emulator / tolerant pages)",
            f"{med['gc']:.2f} / {med['gc_tolerant']:.2f} µs",
            max(med["gc"], med["gc_tolerant"]) <= 0.2,
        ),
        (
            f"list: peak RSS growth flat in N ({small:,} vs {items:,} items)",
            f"{med['rss_small']:.1f} vs {med['rss_big']:.1f} MiB",
            med["rss_big"] <= med["rss_small"] * 1.5 + 2,
        ),
        ("get: CPU ≤ 0.45 × raw", f"{med['get']:.2f}x", med["get"] <= 0.45),
        (
            "first use ≤ 1.3 × `import requests, pydantic`",
            f"{med['first_use']:.2f}x",
            med["first_use"] <= 1.3,
        ),
    ]
    lines = [
        "# Benchmark results",
        "",
        f"Generated by `python benchmarks/run.py --runs {args['runs']} --get-calls "
        f"{args['get_calls']} --items {args['items']}` on {time.strftime('%Y-%m-%d %H:%M %Z')}. "
        "Method and profiles: [README.md](README.md).",
        "",
        *machine(),
        "",
        "The machine was shared with other work while this ran, so absolute times drift by tens "
        "of percent between minutes. Every figure below is therefore a **paired ratio**: in each "
        f"of {len(runs)} runs the clients took turns (fresh process each, seconds apart, order "
        "rotating), and each run gives one ratio. Shown: the median ratio, its quartiles and its "
        "range over the runs. Absolute times are at the end, for orientation only.",
        "",
        "## Targets",
        "",
        "| target | median | |",
        "|---|---:|---|",
        *(f"| {name} | {value} | {_verdict(ok)} |" for name, value, ok in targets),
        "",
        "## Paired ratios (CPU time of the client process)",
        "",
        "| comparison | ratio per run |",
        "|---|---|",
        f"| `bridges.get(id)` ({args['get_calls']} calls), catapult / raw | {spread(f['get'])} |",
        f"| … wall time | {spread(f['get_wall'])} |",
        f"| … bandwidth-sdk 3.1.0 / catapult | {spread(f['get_old'])} |",
        f"| … urllib3 pool + json (the lower floor) / raw | {spread(f['get_floor'])} |",
        f"| … catapult / urllib3 pool + json | {spread(f['get_vs_floor'])} |",
        f"| `bridges.list(size=1000)`, {items:,} items, emulator pages, catapult / raw | "
        f"{spread(f['list'])} |",
        f"| … wall time | {spread(f['list_wall'])} |",
        f"| … bandwidth-sdk 3.1.0 / catapult | {spread(f['list_old'])} |",
        "| the same on tolerant pages (unknown fields, string booleans), catapult / raw | "
        f"{spread(f['tolerant'])} |",
        f"| … wall time | {spread(f['tolerant_wall'])} |",
        "| first use (`import catapult`, a `Session`, one parse) / `import requests, pydantic` "
        f"({len(f['first_use'])} runs) | {spread(f['first_use'])} |",
        f"| … wall time | {spread(f['first_use_wall'])} |",
        "| … the model floor (`import requests; from pydantic import BaseModel`, what any "
        "pydantic-model client loads) / `import requests, pydantic` | "
        f"{spread(f['model_floor'])} |",
        "",
        "## Garbage collection and memory (catapult)",
        "",
        "| | per run |",
        "|---|---|",
        f"| cyclic GC, µs per item, emulator pages (raw: {med['gc_raw']:.2f}) | "
        f"{spread(f['gc'])} |",
        f"| cyclic GC, µs per item, tolerant pages (raw: {med['gc_raw_tolerant']:.2f}) | "
        f"{spread(f['gc_tolerant'])} |",
        f"| peak RSS growth, {small:,} items, MiB | {spread(f['rss_small'], 1)} |",
        f"| peak RSS growth, {items:,} items, MiB | {spread(f['rss_big'], 1)} |",
        f"| tracemalloc peak, {small:,} / {items:,} items, MiB (raw) | "
        f"{traced['catapult'][small] / 1024:.1f} / {traced['catapult'][items] / 1024:.1f} "
        f"({traced['raw'][small] / 1024:.1f} / {traced['raw'][items] / 1024:.1f}) |",
        "",
        "## The servers on their own",
        "",
        *_servers_text(context),
        "",
        "## Absolute medians (orientation only: drift makes them incomparable across files)",
        "",
        *_absolute(runs),
        "",
        f"Imports, median CPU ms: `import requests, pydantic` {med['deps_ms']:.0f}, "
        f"the model floor {med['floor_ms']:.0f}, first use {med['first_ms']:.0f}.",
        "",
    ]
    path.write_text("\n".join([*lines, *kept_sections(path)]))
    return "\n".join(f"  {name}: {value} ({_verdict(ok)})" for name, value, ok in targets)
