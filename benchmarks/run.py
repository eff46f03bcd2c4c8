"""Compare catapult, raw requests + json, and bandwidth-sdk 3.1.0, as paired ratios.

    python benchmarks/run.py                          # about five minutes on 2 cores
    python benchmarks/run.py --runs 10 --items 20000  # quicker

Run it with the Python that has catapult installed. On first use it creates
``benchmarks/.venv-old`` and installs ``bandwidth-sdk==3.1.0`` there with pip; the old client is
only ever imported by workers running under that venv's interpreter.

Two servers on loopback, each in its own process: the emulator (the API's page shape) and
``_page_server.py`` (pages whose bridges carry unknown fields and string booleans). Every
measurement runs in a fresh worker process (``_worker.py``), so CPU time is the client's
alone. The machine is shared, and its speed drifts by tens of percent within minutes; so the
clients take turns, one measurement each, back to back, and every run gives one ratio per
comparison (catapult's CPU over raw's, measured seconds apart). The report gives the median of
those paired ratios and their spread, never a ratio of separately taken medians.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import venv
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import _report
import _servers

HERE = Path(__file__).resolve().parent
WORKER = HERE / "_worker.py"
OLD_VENV = HERE / ".venv-old"
OLD_REQUIREMENT = "bandwidth-sdk==3.1.0"
DEPS = "import requests, pydantic"
#: What any SDK whose models are pydantic models loads (``import pydantic`` alone is lazy).
MODEL_FLOOR = "import requests; from pydantic import BaseModel"
FIRST_USE = (
    "import catapult; s = catapult.Session('u-1', 't', 's', base_url='http://127.0.0.1:9/v1'); "
    'catapult.Bridge.model_validate_json(b\'{"id": "brg-1", "bridgeAudio": "true"}\')'
)


def old_python() -> Path:
    """The old client's interpreter, creating its venv and installing it on first use."""
    python = OLD_VENV / "bin" / "python"
    probe = [str(python), "-c", "import bandwidth"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    print(f"creating {OLD_VENV} with {OLD_REQUIREMENT} ...", flush=True)
    venv.create(OLD_VENV, with_pip=True, clear=True)
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, OLD_REQUIREMENT], check=True)
    return python


def run_worker(python: Path | str, client: str, mode: str, server: Any, n: int) -> Any:
    command = [str(python), str(WORKER), client, mode, *server.args, str(n)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{client} {mode} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def import_seconds(statement: str, env: dict[str, str]) -> tuple[float, float]:
    """(CPU, wall) seconds of ``statement`` in a fresh interpreter, byte code cached."""
    code = (
        "import time; _c, _w = time.process_time(), time.perf_counter(); "
        f"{statement}; print(time.process_time() - _c, time.perf_counter() - _w)"
    )
    command = [sys.executable, "-c", code]
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    cpu, wall = done.stdout.split()
    return float(cpu), float(wall)


def one_run(
    number: int, servers: dict[str, Any], pythons: dict[str, Any], args: argparse.Namespace
) -> dict[str, dict[str, Any]]:
    """One measurement of everything, clients taking turns; keys are ``measure/client``."""
    clients = ["catapult", "raw", "old"]
    order = clients[number % 3 :] + clients[: number % 3]
    pair = order if number % 2 else order[::-1]
    pair = [c for c in pair if c != "old"]
    small = max(1000, args.items // 5)
    plan = [
        *(("get", c, "get", "emulator", args.get_calls) for c in [*order, "urllib3"]),
        *(("list", c, "list", "emulator", args.items) for c in order),
        *(("tolerant", c, "list", "tolerant", args.items) for c in pair),
        *(("list-small", c, "list", "emulator", small) for c in pair),
    ]
    out = {}
    for measure, client, mode, server, n in plan:
        out[f"{measure}/{client}"] = run_worker(pythons[client], client, mode, servers[server], n)
    return out


def import_pairs(runs: int) -> list[dict[str, tuple[float, float]]]:
    """(CPU, wall) seconds of the dependencies, the model floor and first use, per run; the
    three take turns, in an order that rotates from run to run."""
    statements = {"deps": DEPS, "floor": MODEL_FLOOR, "first": FIRST_USE}
    names = list(statements)
    out = []
    with tempfile.TemporaryDirectory(prefix="catapult-bench-pyc-") as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache  # installed packages come with byte code
        for statement in statements.values():
            import_seconds(statement, env)  # fill the cache
        for run in range(runs):
            order = names[run % 3 :] + names[: run % 3]
            out.append({name: import_seconds(statements[name], env) for name in order})
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="paired runs (at least 10)")
    parser.add_argument("--get-calls", type=int, default=500, help="gets per timed pass")
    parser.add_argument("--items", type=int, default=50_000, help="bridges to list per run")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args(argv)
    pythons = {
        "catapult": sys.executable,
        "raw": sys.executable,
        "urllib3": sys.executable,
        "old": old_python(),
    }
    print("import times ...", flush=True)
    imports = import_pairs(max(args.runs, 15))
    print("servers on their own ...", flush=True)
    emulator_cost = _servers.emulator_page_cost()
    runs: list[dict[str, dict[str, Any]]] = []
    traced: dict[str, Any] = defaultdict(dict)
    servers = {
        "emulator": _servers.emulator(args.items),
        "tolerant": _servers.page_server(args.items),
    }
    try:
        floors = {name: _servers.serving_floor(server) for name, server in servers.items()}
        for number in range(args.runs):
            runs.append(one_run(number, servers, pythons, args))
            print(f"run {number + 1}/{args.runs}: {_report.run_summary(runs[-1])}", flush=True)
        for client in ("catapult", "raw"):
            for n in (max(1000, args.items // 5), args.items):
                result = run_worker(
                    sys.executable, client, "list-tracemalloc", servers["emulator"], n
                )
                traced[client][n] = result["tracemalloc_peak_kib"]
    finally:
        for server in servers.values():
            server.stop()
    context = {"floors": floors, "emulator": emulator_cost, "traced": traced, "imports": imports}
    summary = _report.write(args.output, vars(args), runs, context)
    print(f"wrote {args.output}\n{summary}")


if __name__ == "__main__":
    main()
