"""pylock.toml (PEP 751) and requirements-dev.txt, which `make setup` installs from, pin the same
releases with the same files' hashes: `make lock` writes both, and neither may drift."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)")
HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements() -> dict[str, tuple[str, set[str]]]:
    pins: dict[str, tuple[str, set[str]]] = {}
    current = None
    for line in (ROOT / "requirements-dev.txt").read_text().splitlines():
        if match := PIN.match(line):
            current = _name(match[1])
            pins[current] = (match[2], set())
        if current:
            pins[current][1].update(HASH.findall(line))
    return pins


def test_pylock_pins_what_requirements_dev_installs():
    lock = tomllib.loads((ROOT / "pylock.toml").read_text())
    pinned = requirements()

    locked = {_name(p["name"]): p for p in lock["packages"]}

    assert locked.keys() == pinned.keys()
    for name, package in locked.items():
        version, hashes = pinned[name]
        assert package["version"] == version, name
        files = package.get("wheels", []) + ([package["sdist"]] if "sdist" in package else [])
        assert files, name
        assert all(f["hashes"]["sha256"] in hashes for f in files), name
