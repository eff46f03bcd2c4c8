"""Installing the package must cost other projects' pytest runs nothing: the plugin module that
pytest loads imports no part of the SDK, and the testing kit's helpers need no pytest."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

#: Modules the plugin must not import just by being loaded.
HEAVY = ("requests", "urllib3", "pydantic", "ssl", "http.client", "catapult.emulator")


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def _heavy_modules_loaded_by_pytest(project: Path, *options: str) -> list[str]:
    """The HEAVY modules already imported when a trivial project's only test runs."""
    result = _run(["-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", *options], project)
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("LOADED "))
    loaded: list[str] = json.loads(line.removeprefix("LOADED "))
    return loaded


def test_loading_the_plugin_imports_none_of_the_sdk(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_unrelated.py").write_text(
        textwrap.dedent(
            f"""
            import json
            import sys

            def test_report_what_is_loaded():
                loaded = [name for name in {HEAVY!r} if name in sys.modules]
                if "catapult.testing._plugin" in sys.modules:
                    loaded.append("catapult.testing._plugin")
                print("LOADED " + json.dumps(loaded))
            """
        )
    )
    # Other installed plugins may import some of these themselves: compare with a run
    # without ours.
    without = _heavy_modules_loaded_by_pytest(tmp_path, "-p", "no:catapult")
    with_plugin = _heavy_modules_loaded_by_pytest(tmp_path)
    assert "catapult.testing._plugin" not in without
    assert with_plugin == [*without, "catapult.testing._plugin"]


def test_the_plugin_options_and_markers_are_registered_without_the_sdk(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    result = _run(["-m", "pytest", "--help", "-p", "no:cacheprovider"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "--catapult-tolerant" in result.stdout
    result = _run(["-m", "pytest", "--markers", "-p", "no:cacheprovider"], tmp_path)
    assert "@pytest.mark.catapult_emulator(" in result.stdout


def test_the_sdk_imported_by_fixtures_is_not_assertion_rewritten(tmp_path: Path) -> None:
    # Installed from a wheel, the whole package is marked for rewriting (an editable install
    # is not): mark it the same way, as pytest does, before the plugin is configured.
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_app.py").write_text(
        textwrap.dedent(
            """
            import sys

            def test_session(catapult_session):
                loader = sys.modules["catapult._session"].__spec__.loader
                assert type(loader).__name__ != "AssertionRewritingHook"
                assert type(sys.modules["test_app"].__spec__.loader).__name__ == (
                    "AssertionRewritingHook"
                )
            """
        )
    )
    script = textwrap.dedent(
        """
        import sys
        import pytest

        class MarkLikeAWheelInstall:
            @pytest.hookimpl(tryfirst=True)
            def pytest_load_initial_conftests(self, early_config):
                early_config.pluginmanager.rewrite_hook.mark_rewrite("catapult")

        sys.exit(pytest.main(["-q", "-p", "no:cacheprovider"], plugins=[MarkLikeAWheelInstall()]))
        """
    )
    result = _run(["-c", script], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_factories_and_harness_import_without_pytest(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys

        class NoPytest:
            def find_spec(self, name, path=None, target=None):
                if name == "pytest" or name.startswith(("pytest.", "_pytest")):
                    raise ModuleNotFoundError(f"No module named {name!r}", name=name)
                return None

        sys.meta_path.insert(0, NoPytest())
        from catapult.testing import EmulatorFixture, assert_requests, make_bridge, make_call
        from catapult.testing import VCR_CREDENTIALS, catapult_vcr_config, scan_cassettes

        bridge = make_bridge()
        call = make_call(state="active")
        assert bridge.state == "active" and len(bridge.call_ids) == 2, bridge
        assert call.state == "active", call
        assert "pytest" not in sys.modules and "_pytest" not in sys.modules
        print("ok")
        """
    )
    result = _run(["-c", script], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
