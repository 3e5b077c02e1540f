"""The import layers of pyproject.toml hold (import-linter), and every module of the package is in
one of them, so that a new module cannot sit outside the contract unnoticed."""
from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import ntm

ROOT = Path(__file__).resolve().parent.parent


def _layers() -> list[set[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layered = next(c for c in config["contracts"] if c["type"] == "layers")
    return [{m.strip() for m in layer.replace("|", ":").split(":")} for layer in layered["layers"]]


def test_every_module_of_the_package_is_in_a_layer():
    named = set().union(*_layers())
    modules = {f"ntm.{m.name}" for m in pkgutil.iter_modules(ntm.__path__) if not m.name.startswith("_")}
    assert modules - named == set(), "modules in no layer of pyproject.toml's import contract"
    assert named - modules == set(), "layers name modules that do not exist"


def test_the_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "2 kept, 0 broken" in done.stdout
