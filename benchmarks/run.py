"""Compare catapult, raw requests + json, and bandwidth-sdk 3.1.0 against one local emulator.

    /work/venv/bin/python benchmarks/run.py            # about two minutes on 2 cores
    python benchmarks/run.py --runs 3 --items 20000    # quicker, noisier

Run it with the Python that has catapult installed. On first use it creates
``benchmarks/.venv-old`` and installs ``bandwidth-sdk==3.1.0`` there with pip; the old client is
only ever imported by workers running under that venv's interpreter.

One emulator process (``python -m catapult.emulator --seed-bridges N``) serves every client
over loopback. Every measurement runs in a fresh worker process (``_worker.py``), so CPU time
(``time.process_time``) is the client's alone and peak RSS is not shared between clients.
Clients take turns inside each run so that drift on the machine hits all three alike; the
tables show the median of the runs. Results go to ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WORKER = HERE / "_worker.py"
OLD_VENV = HERE / ".venv-old"
OLD_REQUIREMENT = "bandwidth-sdk==3.1.0"
CLIENTS = ("catapult", "raw", "old")
FULL_IMPORT = "import catapult; catapult.Session (loads requests, pydantic, every model)"
DEPS_FIRST_MODEL = "import requests; from pydantic import BaseModel; one one-field model class"
LABELS = {
    "catapult": "catapult (typed models)",
    "raw": "raw requests.Session + json",
    "old": "bandwidth-sdk 3.1.0",
}
EMULATOR_LINE = re.compile(
    r"listening on (?P<url>\S+) user_id=(?P<user>\S+) api_token=(?P<token>\S+) "
    r"api_secret=(?P<secret>\S+)"
)
IMPORTS = {
    "import catapult": "import catapult",
    "import requests, pydantic": "import requests, pydantic",
    FULL_IMPORT: "import catapult; catapult.Session",
    "import requests; from pydantic import BaseModel": (
        "import requests; from pydantic import BaseModel"
    ),
    DEPS_FIRST_MODEL: (
        "import requests; from pydantic import BaseModel; exec('class M(BaseModel):\\n    x: int')"
    ),
}


# ---------------------------------------------------------------------------- setup


def old_python() -> Path:
    """The old client's interpreter, creating its venv and installing it on first use."""
    python = OLD_VENV / "bin" / "python"
    probe = [str(python), "-c", "import bandwidth"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    print(f"creating {OLD_VENV} with {OLD_REQUIREMENT} ...", flush=True)
    venv.create(OLD_VENV, with_pip=True, clear=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", OLD_REQUIREMENT],
        check=True,
    )
    return python


class EmulatorProcess:
    """``python -m catapult.emulator`` in a child process; parses its one announcement line."""

    def __init__(self, seed_bridges: int) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "catapult.emulator",
                "--port",
                "0",
                "--seed-bridges",
                str(seed_bridges),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        match = EMULATOR_LINE.search(line)
        if match is None:
            self.stop()
            raise RuntimeError(f"unexpected emulator output: {line!r}")
        self.url, self.user = match["url"], match["user"]
        self.token, self.secret = match["token"], match["secret"]

    def warm_up(self) -> None:
        """List everything once, so every client is served from the emulator's JSON cache."""
        import base64
        import urllib.request

        basic = base64.b64encode(f"{self.token}:{self.secret}".encode()).decode()
        url: str | None = f"{self.url}/users/{self.user}/bridges?size=1000"
        while url:
            request = urllib.request.Request(url, headers={"Authorization": f"Basic {basic}"})
            with urllib.request.urlopen(request) as answer:
                answer.read()
                links = answer.headers.get("Link", "")
            found = re.search(r'<([^>]+)>; rel="next"', links)
            url = found[1] if found else None

    @property
    def args(self) -> list[str]:
        return [self.url, self.user, self.token, self.secret]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# ---------------------------------------------------------------------- measuring


def run_worker(python: Path | str, client: str, mode: str, emu: EmulatorProcess, n: int) -> Any:
    command = [str(python), str(WORKER), client, mode, *emu.args, str(n)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{client} {mode} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def import_env(cache: Path) -> dict[str, str]:
    """Environment for import timing: byte-code cached (in ``cache``) for every module.

    Installed packages come with compiled byte code; a source checkout run with
    PYTHONDONTWRITEBYTECODE would be recompiled on every import, which is not what users see.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def import_seconds(python: Path | str, statement: str, env: dict[str, str]) -> float:
    code = f"import time; _t = time.perf_counter(); {statement}; print(time.perf_counter() - _t)"
    done = subprocess.run(
        [str(python), "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return float(done.stdout.strip())


def emulator_page_cost(pages: int = 40) -> dict[str, float]:
    """Median server-side time to build one page of 1,000 bridges (in process, no sockets).

    ``cold``: first time each page is served (every bridge serialised); ``warm``: again, from
    the emulator's cache of per-bridge JSON, which is what the client benchmarks see.
    """
    from catapult.emulator import Emulator
    from catapult.emulator._wire import Request

    emulator = Emulator()
    emulator.seed_bridges(pages * 1000)
    emulator._store.set_root("http://127.0.0.1:1/v1/users/u-emulator")
    basic = "Basic " + __import__("base64").b64encode(b"emulator-token:emulator-secret").decode()
    result = {}
    for name in ("cold", "warm"):
        times = []
        for page in range(pages):
            request = Request(
                "GET",
                f"/v1/users/u-emulator/bridges?page={page}&size=1000",
                [("Authorization", basic), ("Host", "127.0.0.1")],
                b"",
            )
            started = time.perf_counter()
            outcome = emulator._pipeline.serve(request)
            times.append(time.perf_counter() - started)
            assert outcome.response is not None and outcome.response.status == 200
        result[name] = statistics.median(times) * 1e6
    return result


# ------------------------------------------------------------------------ reporting


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version

    libs = ", ".join(
        f"{name} {version(name)}"
        for name in ("catapult", "pydantic", "pydantic-core", "requests", "urllib3")
    )
    old = subprocess.run(
        [
            str(OLD_VENV / "bin" / "python"),
            "-c",
            "from importlib.metadata import version as v; "
            "print(f\"bandwidth-sdk {v('bandwidth-sdk')}, requests {v('requests')}\")",
        ],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "libraries": libs,
        "old client venv": old,
    }


def med(values: Sequence[float]) -> float:
    return statistics.median(values)


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def write_results(
    path: Path,
    args: argparse.Namespace,
    results: dict[tuple[str, str], list[dict[str, Any]]],
    small: dict[str, list[dict[str, Any]]],
    traced: dict[tuple[str, int], dict[str, Any]],
    imports: dict[str, list[float]],
    old_import: list[float],
    emulator: dict[str, float],
) -> dict[str, float]:
    get = {c: results[(c, "get")] for c in CLIENTS}
    lst = {c: results[(c, "list")] for c in CLIENTS}
    get_cpu = {c: med([r["cpu_us_per_call"] for r in get[c]]) for c in CLIENTS}
    get_wall = {c: med([r["wall_us_per_call"] for r in get[c]]) for c in CLIENTS}
    list_cpu = {c: med([r["cpu_us_per_item"] for r in lst[c]]) for c in CLIENTS}
    list_wall = {c: med([r["wall_us_per_item"] for r in lst[c]]) for c in CLIENTS}
    list_gc = {c: med([r["gc_cpu_us_per_item"] for r in lst[c]]) for c in CLIENTS}
    rss_big = {c: med([r["rss_growth_kib"] for r in lst[c]]) for c in CLIENTS}
    rss_small = {c: med([r["rss_growth_kib"] for r in small[c]]) for c in CLIENTS}
    import_ms = {name: med(values) * 1000 for name, values in imports.items()}

    ratios = {
        "get_cpu_vs_raw": get_cpu["catapult"] / get_cpu["raw"],
        "list_cpu_vs_raw": list_cpu["catapult"] / list_cpu["raw"],
        "old_list_cpu_vs_catapult": list_cpu["old"] / list_cpu["catapult"],
        "import_vs_deps": import_ms["import catapult"] / import_ms["import requests, pydantic"],
        "first_use_vs_deps": import_ms[FULL_IMPORT] / import_ms[DEPS_FIRST_MODEL],
    }
    items = lst["catapult"][0]["items"]
    few = small["catapult"][0]["items"]
    lines = [
        "# Benchmark results",
        "",
        f"Generated by `python benchmarks/run.py --runs {args.runs} --get-calls {args.get_calls} "
        f"--items {args.items}` on {time.strftime('%Y-%m-%d %H:%M %Z')}. "
        "How it measures and what the profiles show: [README.md](README.md).",
        "",
        "| machine | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in machine().items()),
        "",
        f"Each run is a fresh worker process per client and measurement that times three passes "
        f"and keeps the fastest; the tables show the median over {args.runs} runs. "
        "All clients talk to one emulator process on loopback; "
        "CPU is the client process's own (`time.process_time`), the emulator runs in another "
        "process. Ratios compare numbers from the same run set.",
        "",
        f"## Single `get_bridge` ({args.get_calls} calls per pass, keep-alive where the client "
        "supports it)",
        "",
        "| client | CPU µs/call | wall µs/call | CPU vs raw |",
        "|---|---:|---:|---:|",
        *(
            f"| {LABELS[c]} | {get_cpu[c]:.0f} | {get_wall[c]:.0f} | "
            f"{get_cpu[c] / get_cpu['raw']:.2f}x |"
            for c in CLIENTS
        ),
        "",
        f"## Listing {items:,} bridges with `size=1000`",
        "",
        f"| client | CPU µs/item | of which GC | wall µs/item | CPU vs raw |"
        f" peak RSS growth, {few:,} items |"
        f" peak RSS growth, {items:,} items | tracemalloc peak, {few:,} / {items:,} items |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {LABELS[c]} | {list_cpu[c]:.2f} | {list_gc[c]:.2f} | {list_wall[c]:.2f} | "
            f"{list_cpu[c] / list_cpu['raw']:.2f}x | {rss_small[c] / 1024:.1f} MiB | "
            f"{rss_big[c] / 1024:.1f} MiB | "
            f"{traced[(c, few)]['tracemalloc_peak_kib'] / 1024:.1f} / "
            f"{traced[(c, items)]['tracemalloc_peak_kib'] / 1024:.1f} MiB |"
            for c in CLIENTS
        ),
        "",
        "The emulator (its own process) builds one page of 1,000 bridges in "
        f"{emulator['warm']:.0f} µs from its per-bridge JSON cache "
        f"({emulator['warm'] / 1000:.2f} µs per item; {emulator['cold'] / 1000:.2f} µs per item "
        "the first time a bridge is serialised), measured in process without sockets. "
        "The benchmark lists everything once before measuring, so every client is served warm.",
        "",
        "## Cold import (fresh interpreter each time, median of "
        f"{len(next(iter(imports.values())))} runs)",
        "",
        "| statement | ms |",
        "|---|---:|",
        *(f"| `{name}` | {ms:.0f} |" for name, ms in import_ms.items()),
        f"| `import bandwidth.voice` (old client, its venv) | {med(old_import) * 1000:.0f} |",
        "",
        "## Targets",
        "",
        "| target | result | |",
        "|---|---:|---|",
        f"| get: catapult CPU/call ≤ 0.75 x raw requests | {ratios['get_cpu_vs_raw']:.2f}x | "
        f"{verdict(ratios['get_cpu_vs_raw'] <= 0.75)} |",
        f"| list: catapult CPU/item ≤ 1.3 x raw requests + json | "
        f"{ratios['list_cpu_vs_raw']:.2f}x | {verdict(ratios['list_cpu_vs_raw'] <= 1.3)} |",
        f"| list: old client CPU/item ≥ 6 x catapult | {ratios['old_list_cpu_vs_catapult']:.1f}x | "
        f"{verdict(ratios['old_list_cpu_vs_catapult'] >= 6)} |",
        f"| list: RSS growth independent of item count ({few:,} vs {items:,} items) | "
        f"{rss_small['catapult'] / 1024:.1f} vs {rss_big['catapult'] / 1024:.1f} MiB | "
        f"{verdict(rss_big['catapult'] <= rss_small['catapult'] * 1.5 + 2048)} |",
        f"| import: `import catapult` ≤ 1.2 x `import requests, pydantic` | "
        f"{ratios['import_vs_deps']:.2f}x | {verdict(ratios['import_vs_deps'] <= 1.2)} |",
        "| (for information) first use: `catapult.Session` loaded, vs requests + pydantic with "
        f"one model class | {ratios['first_use_vs_deps']:.2f}x | |",
        "",
    ]
    path.write_text("\n".join(lines))
    return ratios


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions (medians are reported)")
    parser.add_argument(
        "--get-calls", type=int, default=500, help="get_bridge calls per timed pass"
    )
    parser.add_argument("--items", type=int, default=50_000, help="bridges to list per run")
    parser.add_argument("--import-runs", type=int, default=9, help="fresh interpreters per import")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args(argv)
    small_items = max(1000, args.items // 5)

    old = old_python()
    pythons = {"catapult": sys.executable, "raw": sys.executable, "old": old}

    imports: dict[str, list[float]] = defaultdict(list)
    old_import: list[float] = []
    print("cold imports ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="catapult-bench-pyc-") as cache:
        env = import_env(Path(cache))
        for run in range(args.import_runs + 1):  # the first run only fills the byte-code cache
            for name, statement in IMPORTS.items():
                seconds = import_seconds(sys.executable, statement, env)
                if run:
                    imports[name].append(seconds)
            seconds = import_seconds(old, "import bandwidth.voice", env)
            if run:
                old_import.append(seconds)

    print("emulator page cost ...", flush=True)
    emulator_cost = emulator_page_cost()

    results: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    small: dict[str, list[dict[str, Any]]] = defaultdict(list)
    traced: dict[tuple[str, int], dict[str, Any]] = {}
    emu = EmulatorProcess(args.items)
    try:
        emu.warm_up()
        for run in range(args.runs):
            order = CLIENTS[run % 3 :] + CLIENTS[: run % 3]
            for client in order:
                python = pythons[client]
                results[(client, "get")].append(
                    run_worker(python, client, "get", emu, args.get_calls)
                )
                results[(client, "list")].append(
                    run_worker(python, client, "list", emu, args.items)
                )
                small[client].append(run_worker(python, client, "list", emu, small_items))
            summary = ", ".join(
                f"{c} {results[(c, 'get')][-1]['cpu_us_per_call']:.0f} µs/get "
                f"{results[(c, 'list')][-1]['cpu_us_per_item']:.2f} µs/item"
                for c in CLIENTS
            )
            print(f"run {run + 1}/{args.runs}: {summary}", flush=True)
        for client in CLIENTS:
            for n in (small_items, args.items):
                traced[(client, n)] = run_worker(
                    pythons[client], client, "list-tracemalloc", emu, n
                )
    finally:
        emu.stop()

    ratios = write_results(
        args.output, args, results, small, traced, imports, old_import, emulator_cost
    )
    print(f"wrote {args.output}")
    for name, value in ratios.items():
        print(f"  {name}: {value:.2f}")


if __name__ == "__main__":
    main()
