"""Installs come from the lock file, and the lock file satisfies pyproject.toml."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", re.MULTILINE)


def pins(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text()
    return {canonical(n): v for n, v in PIN.findall(text)}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(*, extra: str | None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    found = [Requirement(r) for r in project["dependencies"]]
    if extra:
        found += [Requirement(r) for r in project["optional-dependencies"][extra]]
    return found


@pytest.mark.parametrize(
    ("lock", "extra"), [("requirements.txt", None), ("requirements-dev.txt", "dev")]
)
def test_lock_pins_every_declared_dependency_within_its_range(lock, extra):
    pinned = pins(lock)
    wrong = [
        f"{req.name} {req.specifier}: locked {pinned.get(canonical(req.name), 'not at all')}"
        for req in declared(extra=extra)
        if canonical(req.name) not in pinned
        or not req.specifier.contains(pinned[canonical(req.name)], prereleases=True)
    ]
    assert not wrong, "run `make lock UPGRADE=`:\n" + "\n".join(wrong)


def test_lock_has_a_hash_for_every_pin():
    for lock in ("requirements.txt", "requirements-dev.txt"):
        blocks = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / lock).read_text())
        unhashed = [b.split()[0] for b in blocks if PIN.match(b) and "--hash=sha256:" not in b]
        assert not unhashed, f"{lock}: {unhashed}"


def test_runtime_lock_agrees_with_the_dev_lock():
    dev = pins("requirements-dev.txt")
    assert {name: dev.get(name) for name in pins("requirements.txt")} == pins("requirements.txt")


def test_every_install_uses_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes --no-deps -r requirements-dev.txt" in makefile
    assert "--require-hashes --no-deps -r requirements.txt" in dockerfile
    for text in (makefile, dockerfile):
        assert "install -e" not in text
        assert "pip install ." not in text
