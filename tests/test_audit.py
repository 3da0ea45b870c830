"""`make audit` (scripts/audit.py) reads pip-audit's report: a machine with no network is told
that nothing was checked, never that nothing was found."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("audit", ROOT / "scripts" / "audit.py")
audit = importlib.util.module_from_spec(spec)
sys.modules.setdefault("audit", audit)  # dataclasses look their module up there
spec.loader.exec_module(audit)


def skipped(name: str) -> dict:
    return {
        "name": name,
        "skip_reason": f"Dependency not found on PyPI and could not be audited: {name} (1.0)",
    }


def checked(name: str, *vulns: dict) -> dict:
    return {"name": name, "version": "1.0", "vulns": list(vulns)}


def test_audit_with_no_network_says_nothing_was_checked():
    result = audit.verdict({"dependencies": [skipped("django"), skipped("celery")], "fixes": []})

    assert result.status == audit.UNCHECKED
    assert "nothing could be checked" in result.message
    assert "no network" in result.message
    assert "No known vulnerabilities" not in result.message


def test_audit_names_each_vulnerability_and_its_fix():
    vuln = {"id": "PYSEC-2026-1", "fix_versions": ["5.2.20"]}
    result = audit.verdict({"dependencies": [checked("django", vuln), checked("celery")]})

    assert result.status == audit.FOUND
    assert "1 of 2 packages" in result.message
    assert "django 1.0: PYSEC-2026-1 (fixed in 5.2.20)" in result.message


def test_audit_counts_a_package_it_could_not_check_as_a_problem():
    result = audit.verdict({"dependencies": [checked("django"), skipped("private-package")]})

    assert result.status == audit.FOUND
    assert "Not checked:" in result.message
    assert "private-package" in result.message


def test_audit_of_clean_packages_passes():
    result = audit.verdict({"dependencies": [checked("django"), checked("celery")]})

    assert result.status == audit.CLEAN
    assert result.message == "make audit: no known vulnerabilities in the 2 packages."


def test_audit_runs_pip_audit_on_the_lock_with_hashes():
    assert audit.COMMAND[1:] == [
        "--no-deps",
        "--disable-pip",
        "--require-hashes",
        "-r",
        "requirements.txt",
    ]


def test_make_audit_is_not_part_of_make_test_and_is_documented():
    makefile = (ROOT / "Makefile").read_text()
    test_target = re.search(r"^test:.*?(?=^\S)", makefile, re.M | re.S).group(0)

    assert re.search(r"^audit: setup\n\t@\$\(BIN\)/python scripts/audit.py$", makefile, re.M)
    assert "audit" not in test_target
    readme = (ROOT / "README.md").read_text()
    assert "`make audit`" in readme
    assert "before every release" in readme
