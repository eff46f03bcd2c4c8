"""Soak: many operations from 8 threads on one Session while the emulator misbehaves.

    python benchmarks/soak.py                          # 20,000 operations, a few minutes
    python benchmarks/soak.py --operations 400 --json  # the small run the test suite does

About 10% of requests meet a fault, spread over every kind the emulator injects: status
answers (429 with ``Retry-After: 0``, 500, 503), ``delay`` past the read timeout, ``drop``,
``drop_after_action``, ``malformed``, ``non_json``, ``truncate`` and ``huge`` (over the
session's ``max_response_bytes``). The operations create calls (each with a unique tag),
read them back, create bridges and read them back. Counted:

* **wrong results**: an operation that succeeded with an answer that is not what was asked
  (another id, another tag, a created id that does not exist);
* **duplicate POSTs**: a tag sent by more than one ``POST /calls`` in the emulator's request
  log (a 429, which the SDK may retry, aside), and a tag carried by more than one created call;
* **non-catapult exceptions**: anything but a ``CatapultError`` escaping an operation;
* **hangs**: operations still running long after the session's ``total_timeout``;
* **fd and RSS growth** of this process (the emulator runs in its own) from after a warm-up
  to after the session is closed.

Retry waits are capped at 50 ms so the run measures behaviour, not backoff sleeps. Exit
status 1 when any count (except the growth figures) is not zero.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import random
import resource
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import requests

from catapult import CatapultError, Session

THREADS = 8
FAULT_RATE = 0.10
#: Every fault the soak injects: (action, extra arguments), drawn uniformly.
FAULTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("status", {"status": 429, "headers": {"Retry-After": "0"}}),
    ("status", {"status": 500}),
    ("status", {"status": 503}),
    ("delay", {"delay": 0.6}),
    ("drop", {}),
    ("drop_after_action", {}),
    ("malformed", {}),
    ("non_json", {}),
    ("truncate", {}),
    ("huge", {"size": 2 * 1024 * 1024}),
)
SESSION_OPTIONS: dict[str, Any] = {
    "timeout": (2.0, 0.4),
    "total_timeout": 10.0,
    "max_response_bytes": 1024 * 1024,
    "sleep": lambda seconds: time.sleep(min(seconds, 0.05)),
}
#: An operation running this long (well past ``total_timeout``) counts as hung.
HANG_AFTER = 30.0


@dataclass
class Report:
    operations: int
    threads: int
    faults_injected: int = 0
    succeeded: int = 0
    typed_errors: int = 0
    wrong_results: int = 0
    duplicate_posts: int = 0
    duplicate_creations: int = 0
    non_catapult_exceptions: int = 0
    hangs: int = 0
    fd_growth: int = 0
    rss_growth_mib: float = 0.0
    seconds: float = 0.0
    errors_by_type: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (
            self.wrong_results
            or self.duplicate_posts
            or self.duplicate_creations
            or self.non_catapult_exceptions
            or self.hangs
        )


class _Worker:
    """Runs operations on the shared session and tallies what happened."""

    def __init__(self, emu: _Emulator, session: Session, report: Report, seed: int) -> None:
        self.emu, self.session, self.report = emu, session, report
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.errors: Counter[str] = Counter()
        self.started: dict[int, float] = {}

    def run(self, count: int, worker: int) -> None:
        for index in range(count):
            self.started[worker] = time.monotonic()
            self.one(f"soak-{worker}-{index}")
        self.started.pop(worker, None)

    def one(self, tag: str) -> None:
        if self.random.random() < FAULT_RATE:
            action, extra = self.random.choice(FAULTS)
            self.emu.inject_fault(action=action, **extra)
            with self.lock:
                self.report.faults_injected += 1
        operation = self.random.choice((self.call_round_trip, self.bridge_round_trip))
        try:
            problem = operation(tag)
        except CatapultError as error:
            self.tally(typed=type(error).__name__)
        except Exception as error:  # the soak's whole point: count what escapes
            self.tally(problem=f"{type(error).__name__}: {error}", non_catapult=True)
        else:
            self.tally(problem=problem)

    def call_round_trip(self, tag: str) -> str | None:
        call_id = self.session.calls.create_id(from_="+15550001000", to="+15550002000", tag=tag)
        call = self.session.calls.get(call_id)
        if call.id != call_id or call.tag != tag:
            return f"asked for call {call_id} ({tag}), got {call.id} ({call.tag})"
        return None

    def bridge_round_trip(self, tag: str) -> str | None:
        bridge_id = self.session.bridges.create_id()
        bridge = self.session.bridges.get(bridge_id)
        if bridge.id != bridge_id:
            return f"asked for bridge {bridge_id}, got {bridge.id}"
        return None

    def tally(
        self, typed: str | None = None, problem: str | None = None, non_catapult: bool = False
    ) -> None:
        with self.lock:
            if typed is not None:
                self.report.typed_errors += 1
                self.errors[typed] += 1
            elif non_catapult:
                self.report.non_catapult_exceptions += 1
            elif problem is not None:
                self.report.wrong_results += 1
            else:
                self.report.succeeded += 1
            if problem is not None and len(self.report.problems) < 20:
                self.report.problems.append(problem)


def _fds() -> int:
    gc.collect()  # sockets of failed requests wait in reference cycles until collected
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0


def _rss_mib() -> float:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Emulator:
    """The emulator in its own process (its request log must not count in this one's RSS)."""

    SCRIPT = (
        "import json, sys\n"
        "from catapult.emulator import Emulator\n"
        "emu = Emulator().start()\n"
        "print(json.dumps([emu.url, emu.user_id, emu.api_token, emu.api_secret]), flush=True)\n"
        "sys.stdin.read()\n"
        "emu.stop()\n"
    )

    def __enter__(self) -> _Emulator:
        self.process = subprocess.Popen(
            [sys.executable, "-c", self.SCRIPT], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        assert self.process.stdout is not None
        self.url, self.user_id, self.token, self.secret = json.loads(self.process.stdout.readline())
        self.control = requests.Session()
        return self

    def __exit__(self, *exc: object) -> None:
        self.control.close()
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(30)

    def session(self, **options: Any) -> Session:
        return Session(self.user_id, self.token, self.secret, base_url=f"{self.url}/v1", **options)

    def call(self, method: str, path: str, body: Any = None) -> Any:
        response = self.control.request(
            method, f"{self.url}/_emulator{path}", json=body, timeout=30
        )
        response.raise_for_status()
        return response.json()

    def inject_fault(self, action: str, **extra: Any) -> None:
        self.call("POST", "/faults", {"action": action, **extra})


def _duplicates(emu: _Emulator) -> tuple[int, int]:
    """Tags sent by more than one POST /calls (429s, which the SDK may retry, aside), and
    tags carried by more than one created call."""
    posts = Counter(
        entry["json"].get("tag")
        for entry in emu.call("GET", "/requests?method=POST&path=/calls")
        if isinstance(entry["json"], dict) and entry["status"] != 429
    )
    with emu.session() as session:
        created = Counter(call.tag for call in session.calls.list(size=1000))
    return (
        sum(1 for count in posts.values() if count > 1),
        sum(1 for count in created.values() if count > 1),
    )


def _wait(pool: list[threading.Thread], worker: _Worker) -> int:
    """Wait for the threads; returns how many sit in one operation for over HANG_AFTER s."""
    hung: set[int] = set()
    while any(thread.is_alive() for n, thread in enumerate(pool) if n not in hung):
        time.sleep(0.2)
        now = time.monotonic()
        hung.update(n for n, began in list(worker.started.items()) if now - began > HANG_AFTER)
    return len(hung)


def soak(operations: int, threads: int = THREADS, seed: int = 1) -> Report:
    logging.getLogger("catapult").addHandler(logging.NullHandler())  # retries are expected
    report = Report(operations=operations, threads=threads)
    with _Emulator() as emu:
        with emu.session(**SESSION_OPTIONS) as warm:
            _Worker(emu, warm, report, seed).call_round_trip("warm-up")  # imports, caches
        emu.call("POST", "/reset", {})
        fds, rss, began = _fds(), _rss_mib(), time.monotonic()
        with emu.session(**SESSION_OPTIONS) as session:
            worker = _Worker(emu, session, report, seed)
            pool = [
                threading.Thread(target=worker.run, args=(operations // threads, n), daemon=True)
                for n in range(threads)
            ]
            for thread in pool:
                thread.start()
            report.hangs = _wait(pool, worker)
        report.seconds = round(time.monotonic() - began, 1)
        emu.control.close()  # the soak's own connections to the control API do not count
        emu.control = requests.Session()
        report.fd_growth = _fds() - fds
        report.rss_growth_mib = round(_rss_mib() - rss, 1)
        emu.call("DELETE", "/faults")
        report.duplicate_posts, report.duplicate_creations = _duplicates(emu)
        report.errors_by_type = dict(worker.errors.most_common())
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--operations", type=int, default=20_000)
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    report = soak(args.operations, args.threads, args.seed)
    if args.json:
        print(json.dumps({**asdict(report), "clean": report.clean}))
    else:
        for name, value in asdict(report).items():
            print(f"{name:>24}: {value}")
    return 0 if report.clean else 1


if __name__ == "__main__":
    sys.exit(main())
