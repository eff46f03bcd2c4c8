"""Listing a conference's members against listing bridges, as paired ratios.

    python benchmarks/members.py                   # 11 runs of 50,000 items, a few minutes
    python benchmarks/members.py --runs 5 --items 20000

The method of ``run.py``: every measurement in a fresh worker process, the four listings
taking turns in each run (order rotating), one ratio per run. Bridges come from the emulator
(``--seed-bridges``), members from ``_page_server.py`` (the API's member shape, pages of 1,000
with ``Link``). Each listing is compared with raw ``requests`` + ``json`` on the same pages,
and catapult's members with catapult's bridges (CPU per item). Prints a Markdown section.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Sequence
from typing import Any

import _report
import _servers
from run import run_worker

LISTINGS = [
    ("bridges", "catapult", "emulator"),
    ("bridges", "raw", "emulator"),
    ("members", "catapult-members", "pages"),
    ("members", "raw-members", "pages"),
]
CPU = "cpu_us_per_item"


def one_run(number: int, servers: dict[str, Any], items: int) -> dict[str, dict[str, Any]]:
    order = LISTINGS[number % 4 :] + LISTINGS[: number % 4]
    return {
        f"{what}/{client.split('-')[0]}": run_worker(
            sys.executable, client, "list", servers[server], items
        )
        for what, client, server in order
    }


def section(runs: list[dict[str, dict[str, Any]]], items: int) -> str:
    members = _report.ratios(runs, "members", CPU, "catapult", "raw")
    bridges = _report.ratios(runs, "bridges", CPU, "catapult", "raw")
    each = [run["members/catapult"][CPU] / run["bridges/catapult"][CPU] for run in runs]
    absolute = {
        key: statistics.median(run[key][CPU] for run in runs)
        for key in ("bridges/catapult", "bridges/raw", "members/catapult", "members/raw")
    }
    return "\n".join(
        [
            "## Conference members against bridges (`benchmarks/members.py`)",
            "",
            f"{len(runs)} paired runs of {items:,} items, CPU of the client process:",
            "",
            "| comparison | ratio per run |",
            "|---|---|",
            f"| `conference.members()`, catapult / raw | {_report.spread(members)} |",
            f"| `bridges.list(size=1000)`, catapult / raw | {_report.spread(bridges)} |",
            f"| catapult: a member / a bridge (µs per item) | {_report.spread(each)} |",
            "",
            "Absolute medians, µs per item: "
            + ", ".join(f"{key} {value:.2f}" for key, value in absolute.items())
            + ".",
            "",
        ]
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="paired runs")
    parser.add_argument("--items", type=int, default=50_000, help="items listed per run")
    args = parser.parse_args(argv)
    servers = {
        "emulator": _servers.emulator(args.items),
        "pages": _servers.page_server(args.items),
    }
    runs = []
    try:
        for number in range(args.runs):
            runs.append(one_run(number, servers, args.items))
            print(f"run {number + 1}/{args.runs} done", file=sys.stderr, flush=True)
    finally:
        for server in servers.values():
            server.stop()
    print(section(runs, args.items))


if __name__ == "__main__":
    main()
