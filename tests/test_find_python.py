"""``tools/find-python.sh``, which ``make install`` asks for the Python of ``.venv``: the newest >= 3.13."""

from __future__ import annotations

import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "find-python.sh"


def _fake_python(path: Path, version: int) -> Path:
    """An executable answering the script's version question with ``version`` (e.g. 313)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\necho {version}\n")
    path.chmod(0o755)
    return path


def _find(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": str(tmp_path / "bin"),
        "HOME": str(tmp_path / "home"),
        "PYENV_ROOT": str(tmp_path / "pyenv"),
    }
    return subprocess.run(["/bin/sh", str(SCRIPT)], env=env, capture_output=True, text=True, check=False)


def test_prefers_pyenvs_313_over_an_older_python_on_path(tmp_path: Path) -> None:
    _fake_python(tmp_path / "bin" / "python3", 311)
    _fake_python(tmp_path / "pyenv" / "versions" / "3.12.1" / "bin" / "python3", 312)
    wanted = _fake_python(tmp_path / "pyenv" / "versions" / "3.13.0" / "bin" / "python3", 313)
    found = _find(tmp_path)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == str(wanted)


def test_takes_the_newest(tmp_path: Path) -> None:
    _fake_python(tmp_path / "pyenv" / "versions" / "3.13.0" / "bin" / "python3", 313)
    newest = _fake_python(tmp_path / "bin" / "python3.14", 314)
    assert _find(tmp_path).stdout.strip() == str(newest)


def test_without_313_says_what_is_missing_and_how_to_get_it(tmp_path: Path) -> None:
    _fake_python(tmp_path / "bin" / "python3", 311)
    _fake_python(tmp_path / "pyenv" / "versions" / "3.12.1" / "bin" / "python3", 312)
    found = _find(tmp_path)
    assert found.returncode == 1
    assert found.stdout == ""
    assert "no Python >= 3.13 found" in found.stderr
    assert "pyenv install 3.13" in found.stderr
