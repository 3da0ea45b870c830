"""`make audit`: the locked runtime dependencies checked for known vulnerabilities.

pip-audit asks PyPI about each pinned package of requirements.txt. Without a network it cannot,
and says so only per package while still ending with "No known vulnerabilities found" and a
success: this script reads its report instead, and tells "nothing could be checked" apart from
"nothing was found".

Exit status: 0 when every package was checked and none has a known vulnerability; 1 when one
has (or some packages could not be checked); 2 when nothing could be checked, as on a machine
with no network.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIP_AUDIT = ROOT / ".venv" / "bin" / "pip-audit"
COMMAND = [
    str(PIP_AUDIT),
    "--no-deps",
    "--disable-pip",
    "--require-hashes",
    "-r",
    "requirements.txt",
]

CLEAN, FOUND, UNCHECKED = 0, 1, 2

NO_NETWORK = """\
make audit: nothing could be checked.
pip-audit could not reach its vulnerability service (PyPI, https://pypi.org) for any of the
{count} packages of requirements.txt, so this machine most likely has no network. This is not a
clean result: run `make audit` again where the network allows, before every release and once a
month."""


@dataclass(frozen=True)
class Verdict:
    status: int
    message: str


def verdict(report: dict) -> Verdict:
    """What pip-audit's JSON report (``--format json``) means for a person."""
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    if dependencies and len(skipped) == len(dependencies):
        return Verdict(UNCHECKED, NO_NETWORK.format(count=len(dependencies)))
    lines = []
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed release yet"
            lines.append(
                f"  {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})"
            )
    if skipped:
        lines.append("Not checked:")
        lines += [f"  {d['skip_reason']}" for d in skipped]
    if lines:
        head = f"make audit: {len(vulnerable)} of {len(dependencies)} packages have known vulnerabilities."
        advice = (
            'Move each to a fixed release (`make lock UPGRADE="--upgrade-package <name>"`), '
            "run `make test` and commit the lock files."
        )
        return Verdict(FOUND, "\n".join([head, *lines, advice]))
    return Verdict(
        CLEAN, f"make audit: no known vulnerabilities in the {len(dependencies)} packages."
    )


def main() -> int:
    if not PIP_AUDIT.exists():
        print("make audit: pip-audit is not installed in .venv; run `make setup` first.")
        return UNCHECKED
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "audit.json"
        run = subprocess.run(
            [*COMMAND, "--progress-spinner", "off", "--format", "json", "--output", str(output)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if not output.exists() or not output.read_text().strip():
            # pip-audit stopped before writing a report (its own error is the last line).
            last = (run.stderr.strip().splitlines() or ["no message"])[-1]
            print(f"make audit: pip-audit could not finish ({last}), so nothing was checked.")
            print("Without a network it cannot: run `make audit` again where the network allows.")
            return UNCHECKED
        result = verdict(json.loads(output.read_text()))
    print(result.message)
    return result.status


if __name__ == "__main__":
    sys.exit(main())
