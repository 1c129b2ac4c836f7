"""``tools/import_graph.py``, which ``make test`` runs: no import circle, and a core that imports no face."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "import_graph.py"


def _package(root: Path, files: dict[str, str]) -> Path:
    """A package named ``pkg`` under ``root`` holding ``files`` (paths relative to it)."""
    package = root / "pkg"
    for name, text in {"__init__.py": "", **files}.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return package


def _check(package: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOL), str(package)], capture_output=True, text=True, check=False
    )


def test_the_library_passes() -> None:
    result = _check(ROOT / "src" / "mongodb_rest")
    assert result.returncode == 0, result.stderr


def test_a_circle_fails_and_is_named(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        {
            "fields/__init__.py": "",
            "fields/base.py": "from ..query import lookups\n",
            "query/__init__.py": "",
            "query/lookups.py": "def build():\n    from ..fields import base\n",
        },
    )
    result = _check(package)
    assert result.returncode == 1
    assert "import circle: pkg.fields.base -> pkg.query.lookups -> pkg.fields.base" in result.stderr


def test_type_only_imports_make_no_circle(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        {
            "a.py": "from . import b\n",
            "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import A\n",
        },
    )
    assert _check(package).returncode == 0


def test_a_core_module_importing_a_face_fails(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        {
            "aio/__init__.py": "",
            "aio/flows.py": "from ..document import lazy\n",
            "document/__init__.py": "",
            "document/lazy.py": "def load():\n    import pkg.aio.flows\n",
        },
    )
    result = _check(package)
    assert result.returncode == 1
    assert (
        "pkg/document/lazy.py:2: core module pkg.document.lazy imports pkg.aio.flows (face)" in result.stderr
    )
