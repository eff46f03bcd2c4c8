"""What installing catapult-sdk adds to an unrelated project's pytest run.

Builds a wheel of this checkout, installs ``catapult-sdk[testing]`` into a fresh venv, and
makes a second venv with the same packages minus catapult-sdk. Then runs ``pytest -q`` on a
trivial project (11 files of 20 one-line tests: 220 tests) in each, interleaved, and prints the
median CPU time (user + sys) of each variant. Usage: ``python benchmarks/plugin_cost.py [RUNS]``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# pytest writes its rewritten .pyc files unless told not to; users' environments usually allow it.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _make_project(path: Path) -> None:
    path.mkdir()
    (path / "pytest.ini").write_text("[pytest]\n")
    for module in range(11):
        tests = "".join(f"def test_{n}():\n    assert {n} + 1 == {n + 1}\n\n" for n in range(20))
        (path / f"test_mod{module}.py").write_text(tests)


def _venv(path: Path, *requirements: str) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    python = path / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", *requirements], check=True)
    return python


def _cpu_ms(command: list[str], cwd: Path) -> float:
    process = subprocess.Popen(
        command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{command} failed")
    return (usage.ru_utime + usage.ru_stime) * 1000


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        subprocess.run(
            [sys.executable, "-m", "build", "-q", "-w", "-o", str(work / "dist"), str(ROOT)],
            check=True,
        )
        wheel = next((work / "dist").glob("*.whl"))
        with_package = _venv(work / "with", f"{wheel}[testing]")
        without = _venv(work / "without", f"{wheel}[testing]")
        subprocess.run([without, "-m", "pip", "uninstall", "-q", "-y", "catapult-sdk"], check=True)
        _make_project(work / "project")
        pytest_args = ["-m", "pytest", "-q", "-p", "no:cacheprovider"]
        variants = {
            "without catapult-sdk": [str(without), *pytest_args],
            "with catapult-sdk": [str(with_package), *pytest_args],
            "with, -p no:catapult": [str(with_package), *pytest_args, "-p", "no:catapult"],
        }
        times: dict[str, list[float]] = {name: [] for name in variants}
        for run in range(runs + 1):
            for name, command in variants.items():
                elapsed = _cpu_ms(command, work / "project")
                if run:  # the first round warms the caches and writes the .pyc files
                    times[name].append(elapsed)
    for name, values in times.items():
        print(f"{name:22} median {statistics.median(values):6.1f} ms CPU (n={len(values)})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
