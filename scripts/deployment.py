"""The production topology as its own files state it: docker-compose.yml, the Dockerfile and the
README's `.env` example, read in one place.

`make prod-check` (scripts/prod_check.py) runs what this module reads, and the tests that check
the compose file read it through here too, so the commands a test checks and the commands the
check runs cannot drift apart.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
README = ROOT / "README.md"

# The services built from this repository's image (the others are PostgreSQL and Redis).
APP_SERVICES = ("migrate", "web", "worker", "beat")


@cache
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def service(name: str) -> dict:
    return compose()["services"][name]


def command(name: str) -> list[str]:
    """The service's command, as the container runs it (the exec form, one word an item)."""
    value = service(name)["command"]
    return shlex.split(value) if isinstance(value, str) else list(value)


def healthcheck(name: str) -> list[str] | None:
    """The service's health check as the container runs it, or None when it has none.

    ``CMD-SHELL`` runs its string with ``sh -c``, after compose has turned each ``$$`` into a
    ``$`` (the shell then expands ``$HOSTNAME`` inside the container)."""
    check = service(name).get("healthcheck")
    if not check:
        return None
    test = check["test"]
    if isinstance(test, str):
        return ["sh", "-c", test.replace("$$", "$")]
    kind, rest = test[0], list(test[1:])
    if kind == "CMD-SHELL":
        return ["sh", "-c", rest[0].replace("$$", "$")]
    if kind != "CMD":
        raise ValueError(f"{name}: health check {test!r} is neither CMD nor CMD-SHELL")
    return rest


def environment(name: str) -> dict[str, str]:
    """The service's own ``environment:`` (before compose fills in ``${...}`` from `.env`);
    these win over the values of ``env_file``."""
    value = service(name).get("environment") or {}
    if isinstance(value, list):
        value = dict(item.split("=", 1) for item in value)
    return {key: str(item) for key, item in value.items()}


@dataclass(frozen=True)
class Dockerfile:
    env: dict[str, str]
    run: list[str]  # each RUN instruction's shell command, continuations joined
    cmd: list[str]

    def build_step(self, word: str) -> str:
        """The one RUN instruction that mentions ``word`` (e.g. ``collectstatic``)."""
        (step,) = [line for line in self.run if word in line]
        return step


def _instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) for each instruction, backslash continuations joined and
    comments left out."""
    joined = re.sub(r"\\\n", " ", text)
    instructions = []
    for line in joined.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        instructions.append((word.upper(), " ".join(rest.split())))
    return instructions


@cache
def dockerfile() -> Dockerfile:
    env: dict[str, str] = {}
    run: list[str] = []
    cmd: list[str] = []
    for word, rest in _instructions(DOCKERFILE.read_text()):
        if word == "ENV":
            parts = shlex.split(rest)
            if parts and "=" not in parts[0]:  # the old form, `ENV KEY value`
                env[parts[0]] = " ".join(parts[1:])
            else:
                env.update(part.split("=", 1) for part in parts)
        elif word == "RUN":
            run.append(rest)
        elif word == "CMD":
            cmd = json.loads(rest) if rest.startswith("[") else ["sh", "-c", rest]
    return Dockerfile(env=env, run=run, cmd=cmd)


ENV_BLOCK = re.compile(r"^cat > \.env <<'ENV'\n(?P<body>.*?)^ENV$", re.MULTILINE | re.DOTALL)


@cache
def readme_env() -> dict[str, str]:
    """The README's `.env` example (in "## Production"), each ``KEY=value`` line as written."""
    text = README.read_text()
    production = text[text.index("\n## Production") :]
    match = ENV_BLOCK.search(production)
    if match is None:
        raise ValueError("README.md's Production section has no `cat > .env <<'ENV'` block")
    values = {}
    for line in match["body"].splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value
    return values
