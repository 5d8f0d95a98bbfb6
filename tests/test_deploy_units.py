"""The systemd unit and timer files of deploy/ are valid, as docs/DEPLOY.md installs them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT

UNITS = sorted((PROJECT / "deploy").glob("relais*.*"))


def test_the_units_are_in_the_repository_and_quoted_by_the_guide() -> None:
    guide = (PROJECT / "docs" / "DEPLOY.md").read_text(encoding="utf-8")
    assert [u.name for u in UNITS] == [
        "relais-backup.service",
        "relais-backup.timer",
        "relais.service",
    ]
    for unit in UNITS:
        assert unit.name in guide


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not on this machine"
)
def test_systemd_analyze_verify_passes(tmp_path: Path) -> None:
    install = tmp_path / "opt" / "relais"
    (install / ".venv" / "bin").mkdir(parents=True)
    (install / ".venv" / "bin" / "python").symlink_to(sys.executable)
    units = tmp_path / "units"
    units.mkdir()
    for unit in UNITS:
        text = unit.read_text(encoding="utf-8").replace("/opt/relais", str(install))
        (units / unit.name).write_text(text, encoding="utf-8")
    done = subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(u) for u in units.iterdir())],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
