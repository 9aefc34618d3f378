"""The GitHub workflows pass actionlint and zizmor with zero findings."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_there_are_workflows():
    """CI and deploy live in .github/workflows."""
    assert WORKFLOWS


def test_actionlint_finds_nothing():
    """actionlint exits 0 and prints no finding."""
    result = subprocess.run(
        [str(BIN / "actionlint"), *map(str, WORKFLOWS)], capture_output=True, text=True
    )
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr


def test_zizmor_finds_nothing():
    """zizmor (offline audits) exits 0 and reports no findings."""
    result = subprocess.run(
        [str(BIN / "zizmor"), "--offline", str(ROOT / ".github" / "workflows")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr
