"""Sending the same request twice at the same moment, as a double click or two tabs do.

Each request runs in its own thread with its own database connection, and a barrier lets them
go together, so a rule that is only checked, and not held under a lock, shows itself. Only real
connections to PostgreSQL can show it, so the tests that use this are transactional.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.test import Client


@dataclass
class Answer:
    """What one of the simultaneous requests was answered, and the page a person then sees."""

    status: int
    location: str
    page: str


def signed_in(user, *, browsers: int = 2) -> list[Client]:
    """``browsers`` test clients for ``user`` sharing one session, as a double click in one
    browser does; a 500 comes back as a response, not an exception."""
    first = Client(raise_request_exception=False)
    if user is not None:
        first.force_login(user)
    clients = [first]
    for _ in range(browsers - 1):
        other = Client(raise_request_exception=False)
        other.cookies.update(first.cookies)
        clients.append(other)
    return clients


def at_once(*sends: Callable[[], object]) -> list:
    """Run every ``send`` at the same moment, each in its own thread, and return what each gave
    back (or the exception it raised), in order."""
    start = threading.Barrier(len(sends))
    results: list = [None] * len(sends)

    def run(index: int, send: Callable[[], object]) -> None:
        try:
            start.wait()
            results[index] = send()
        except Exception as exc:  # noqa: BLE001 - returned for the test to see
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, send)) for i, send in enumerate(sends)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def post_at_once(url: str, data: dict, *clients: Client, **extra) -> list[Answer]:
    """POST ``data`` to ``url`` from every client at the same moment (see :func:`posts_at_once`)."""
    return posts_at_once(url, [(client, data) for client in clients], **extra)


def posts_at_once(url: str, sends: list[tuple[Client, dict]], **extra) -> list[Answer]:
    """POST each client's data to ``url`` at the same moment; then follow each redirect with its
    own client, as its browser would, to read the page and its message."""
    clients = [client for client, _ in sends]
    responses = at_once(
        *(lambda c=client, d=data: c.post(url, d, **extra) for client, data in sends)
    )
    answers = []
    for client, response in zip(clients, responses, strict=True):
        if isinstance(response, Exception):
            raise response
        location = response.get("Location", "")
        page = response.content.decode()
        if response.status_code == 302:
            page = client.get(location, follow=True).content.decode()
        answers.append(Answer(status=response.status_code, location=location, page=page))
    return answers
