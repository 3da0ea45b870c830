"""The role matrix: every URL pattern of the project, for each of thirteen roles, for the role's
own object and for someone else's, against a table of what each must answer.

The roles (tests/csssl/role_matrix_world.py): an anonymous visitor; two applicants; an endorser
and a rater, each an anonymous visitor holding their secret link; two participants; two
mentors, each paired with one of the participants; a facilitator of one tutorial group; a
member of the DCS group; a coordinator; a superuser. The world holds two sides of every kind of
object, and each role's own things are on its side.

The rule the table writes down: a person reaches only what is theirs or their role's; anything
else is not found (404), and a page for signed-in people sends anyone signed out to sign in.
Changes take a POST, so their GET is refused (405) once the role check has passed. The admin
answers in its own way (role_matrix_admin.py).

The table (role_matrix_table.py, role_matrix_admin.py) has a row per URL name (the key the URL
walk gives a pattern: tests/csssl/test_url_walk.py), and every URL name must have one: a new
pattern without a row fails ``test_role_matrix_table_has_a_row_per_pattern``, and so does a
row whose pattern is gone. To add a row, write the URL name and what each role gets with
``row(default, role=outcome, group=(own, others), ...)`` or one of the standard rows beside it,
and say in a comment why, where the rule is not plain.

Each role is its own test, so pytest-xdist spreads them; each builds its world once, asks for
each pattern with the role's own objects, and again with someone else's where that is another
address. A 200 that is a file (PDF, CSV, JSON, calendar, zip) must also say so in its type.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import resolve

from tests.csssl.role_matrix_admin import ADMIN_EXPECTED
from tests.csssl.role_matrix_table import CONTENT_TYPES, EXPECTED, PUBLIC, Row, row, signed_in
from tests.csssl.role_matrix_world import ROLES, address, visitor_for, world_build, world_state
from tests.csssl.test_url_walk import NOT_FOUND, PAGE, TO_LOGIN, Outcome, Visit, endpoints
from tests.mentoring.factories import private_media  # noqa: F401 (a fixture)

TABLE: dict[str, Row] = {**EXPECTED, **ADMIN_EXPECTED}


@dataclass(frozen=True)
class Asked:
    """One request of the matrix: which URL, for which role, own object or someone else's."""

    key: str
    role: str
    whose: str  # "own" or "others"
    visit: Visit
    content_type: str = "text/html; charset=utf-8"


def table_problems(table: dict[str, Row], keys: list[str]) -> list[str]:
    """URL names with no row, and rows with no URL name."""
    found = [f"{key}: no row in the role matrix" for key in keys if key not in table]
    found += [f"{key}: a row for a URL that no longer exists" for key in table.keys() - set(keys)]
    return sorted(found)


def cell_problems(table: dict[str, Row], asked: list[Asked]) -> list[str]:
    """Each answer that is not the table's, as ``key  role/whose  expected ...; got ...``."""
    found = []
    for each in asked:
        own, others = table[each.key][each.role]
        wanted: Outcome = own if each.whose == "own" else others
        if not wanted.matches(each.visit):
            found.append(
                f"{each.key}  {each.role}/{each.whose}  expected {wanted}; got {each.visit}"
            )
        elif each.visit.status == 200 and not each.content_type.startswith(
            CONTENT_TYPES.get(each.key, "text/html")
        ):
            found.append(
                f"{each.key}  {each.role}/{each.whose}  expected "
                f"{CONTENT_TYPES.get(each.key, 'text/html')}; "
                f"got {each.content_type or 'no content type'}"
            )
    return found


def ask_everything(world, role: str) -> list[Asked]:
    """GET every pattern as ``role``: with its own objects, and with someone else's when that
    is another address (a pattern with no object, or an object nobody owns, is asked once and
    answers for both)."""
    client = visitor_for(world, role)
    asked = []
    for endpoint in endpoints():
        own_url = address(endpoint, world, role, own=True)
        others_url = address(endpoint, world, role, own=False)
        for whose, url in (("own", own_url), ("others", others_url)):
            if whose == "others" and url == own_url:
                asked.append(
                    Asked(endpoint.key, role, whose, asked[-1].visit, asked[-1].content_type)
                )
                continue
            assert resolve(url).func == endpoint.callback, (
                f"{endpoint.key}: {url} resolves elsewhere"
            )
            response = client.get(url, follow=False)
            visit = Visit(url, response.status_code, response.headers.get("Location", ""))
            asked.append(Asked(endpoint.key, role, whose, visit, response.get("Content-Type", "")))
    return asked


@pytest.fixture
def world(db, private_media):  # noqa: F811 (the fixture imported above)
    return world_build()


def test_role_matrix_table_has_a_row_per_pattern():
    keys = [endpoint.key for endpoint in endpoints()]

    found = table_problems(TABLE, keys)

    assert len(keys) == len(set(keys)), "two patterns share a name: give one of them another"
    assert not found, "\n".join(found)
    assert len(TABLE) == len(keys) > 450


def test_role_matrix_flags_missing_and_stale_rows_and_wrong_cells():
    """The checks themselves can fail: a pattern with no row, a row for a pattern that is
    gone, an answer that is not the table's, and a file of the wrong type."""
    table = {
        "kept": signed_in(applicant=(PAGE, NOT_FOUND)),
        "gone": PUBLIC,
        "personal_data:mine_pdf": row(PAGE),
    }
    assert table_problems(table, ["kept", "new", "personal_data:mine_pdf"]) == [
        "gone: a row for a URL that no longer exists",
        "new: no row in the role matrix",
    ]
    asked = [
        Asked("kept", "applicant", "own", Visit("/kept/1/", 200)),
        Asked("kept", "applicant", "others", Visit("/kept/2/", 200)),  # someone else's
        Asked("kept", "anonymous", "own", Visit("/kept/1/", 302, "/accounts/login/?next=/k")),
        Asked("kept", "rater", "own", Visit("/kept/1/", 404)),  # should be asked to sign in
        Asked("personal_data:mine_pdf", "mentor", "own", Visit("/me/data.pdf", 200), "text/html"),
        Asked("personal_data:mine_pdf", "dcs", "own", Visit("/d.pdf", 200), "application/pdf"),
    ]

    found = cell_problems(table, asked)

    with pytest.raises(ValueError, match="coordinater"):
        row(PAGE, coordinater=PAGE)  # a misspelt role cannot leave a cell to the default
    assert found == [
        "kept  applicant/others  expected 404; got 200 /kept/2/",
        f"kept  rater/own  expected {TO_LOGIN}; got 404 /kept/1/",
        "personal_data:mine_pdf  mentor/own  expected application/pdf; got text/html",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(world, role):
    before = world_state(world)

    asked = ask_everything(world, role)

    found = cell_problems(TABLE, asked)

    assert {each.key for each in asked} == TABLE.keys()
    assert not found, f"{len(found)} answers differ from the table:\n" + "\n".join(found)
    assert world_state(world) == before, "a GET changed something"
