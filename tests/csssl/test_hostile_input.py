"""Hostile values posted into every form a person can reach: never a server error, never stored.

The walk of ``test_url_walk`` finds every page each kind of visitor can open; every form with
``method="post"`` on those pages is then posted with values Hypothesis draws for each field:
control characters, overlong text, numbers too big for any column, impossible dates, several
values for one field, and fields the form does not have but a model does (``is_staff``,
``status``, ``cohort``, ``user``) pointing at somebody else's objects. Every answer must be
below 500, the visitor must not have gained a privilege, and every row of the project's own
models must still pass its model validation afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications import services as application_services
from csssl.models import User
from evaluations.services.frameworks import version_for
from evaluations.services.raters import rater_link
from tests.applications.factories import ExpressionOfInterestFactory
from tests.csssl.test_url_walk import (
    PROJECT_APPS,
    WalkData,
    build_url,
    endpoints,
    visitor,
    walk_data,
)
from tests.evaluations.factories import RaterInvitationFactory, RoundFactory
from tests.events.factories import EventFactory
from tests.factories import coordinator
from tests.mentoring.factories import PairingFactory, SessionFactory

pytestmark = pytest.mark.django_db

# Forms whose success ends the visit itself: posting them would sign the visitor out.
LEAVES = ("/accounts/logout/", "/admin/logout/")


# --- The forms on a page ----------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # input type, "select" or "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    page: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.action} (on {self.page})"


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            if attributes.get("method", "get").lower() == "post":
                action = urljoin(self.page, attributes.get("action") or self.page)
                self._form = Form(self.page, action)
            return
        if self._form is None or not attributes.get("name"):
            if tag == "option" and self._select is not None and "value" in attributes:
                self._select.options.append(attributes["value"])
            return
        name = attributes["name"]
        if tag == "input":
            kind = attributes.get("type", "text").lower()
            if kind in ("button", "image", "reset"):
                return
            found = self._form.fields.setdefault(name, Field(name, kind, attributes.get("value")))
            if kind in ("radio", "checkbox", "submit"):
                found.options.append(attributes.get("value", "on"))
        elif tag == "button" and attributes.get("type", "submit") == "submit":
            # Which button was pressed decides what a view does: each is an option.
            found = self._form.fields.setdefault(name, Field(name, "submit"))
            found.options.append(attributes.get("value", ""))
        elif tag == "textarea":
            self._form.fields[name] = Field(name, "textarea")
        elif tag == "select":
            self._select = self._form.fields[name] = Field(name, "select")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def forms_on(page: str, html: str) -> list[Form]:
    parser = _FormParser(page)
    parser.feed(html)
    return [form for form in parser.forms if urlsplit(form.action).path not in LEAVES]


# The admin's forms that matter most: the allocation board, where the DCS group scores.
ADMIN_FORMS = ("admin:applications_board",)


def reachable_forms(client, data: WalkData, links: list[str]) -> list[Form]:
    """Every post form on every page of the project ``client`` can open, and on the pages
    behind the secret ``links`` (the admin's own forms aside from the board)."""
    found: dict[str, Form] = {}
    urls = [
        build_url(endpoint, data)
        for endpoint in endpoints()
        if not endpoint.key.startswith("admin:") or endpoint.key.startswith(ADMIN_FORMS)
    ]
    for url in urls + links:
        response = client.get(url, follow=False)
        if response.status_code != 200 or "html" not in response.headers.get("Content-Type", ""):
            continue
        for form in forms_on(url, response.content.decode()):
            found.setdefault(form.action, form)
    return list(found.values())


# --- Hostile values ----------------------------------------------------------------------------

CONTROL = st.characters(codec="utf-8", categories=("Cc", "Cf", "Zl", "Zp", "Cs", "Co"))
TEXT = st.one_of(
    st.text(max_size=40),
    st.text(CONTROL, min_size=1, max_size=20),
    st.text(min_size=1, max_size=3).map(lambda text: text * 4000),  # overlong
    st.sampled_from(
        [
            "",
            " ",
            "-1",
            "0",
            "1e309",
            "NaN",
            "99999999999999999999999",
            "2026-02-30",
            "31/12/99999",
            "25:61",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "../../etc/passwd",
            "\u202etxt.exe",
            "true",
            "on",
        ]
    ),
)
# Fields a form does not offer but a model behind it has: a form must ignore them.
EXTRA_NAMES = ("is_staff", "is_superuser", "status", "cohort", "user", "applicant", "participant")


def values_for(found: Field, others: list[str]) -> st.SearchStrategy:
    choices = [option for option in found.options if option]
    one = st.one_of(TEXT, st.sampled_from(choices + others)) if choices else TEXT
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))


def posted(form: Form, draw, others: list[str]) -> dict[str, object]:
    """Values for each field the form has (some left out), and a few it does not have."""
    data: dict[str, object] = {}
    for name, found in form.fields.items():
        if name == "csrfmiddlewaretoken":
            continue
        if draw(st.integers(0, 5)) == 0:
            continue  # left out, as a hand-made request may
        data[name] = draw(values_for(found, others))
    for name in draw(st.lists(st.sampled_from(EXTRA_NAMES), max_size=3, unique=True)):
        data.setdefault(name, draw(st.sampled_from(others)))
    return data


# --- What must still hold ----------------------------------------------------------------------


def invalid_rows() -> set[tuple[str, object, str]]:
    """Rows of the project's own models that fail their model validation, with the reason."""
    bad = set()
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model.__name__.startswith("Historical"):
            continue
        for row in model.objects.all():
            try:
                row.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                bad.add((model._meta.label, row.pk, str(sorted(error.message_dict))))
    return bad


def privileges(user: User | None) -> tuple:
    if user is None:
        return ()
    user.refresh_from_db()
    return (user.is_staff, user.is_superuser, sorted(user.groups.values_list("name", flat=True)))


def other_ids(data: WalkData) -> list[str]:
    return [
        str(pk)
        for pk in (
            data.cohort.pk,
            data.others_application.pk,
            data.others_application.applicant_id,
            data.participant.pk,
            data.certificate.participant.cohort_id,
        )
    ] + ["completed", "awarded", "1"]


@dataclass
class Year:
    """The walk's data, with a year under way around its participant: an event ahead, an open
    evaluation round with a rater asked, a mentor with a session, an application awaiting its
    endorser. ``links`` are the secret addresses an outsider is sent."""

    data: WalkData
    mentor: User
    links: list[str]


def year_under_way() -> Year:
    data = walk_data()
    participant = data.participant
    EventFactory(cohort=participant.cohort)
    evaluation_round = RoundFactory(cohort=participant.cohort, version=version_for(data.framework))
    invitation = RaterInvitationFactory(round=evaluation_round, participant=participant)
    session = SessionFactory(pairing=PairingFactory(participant=participant))
    awaiting = ExpressionOfInterestFactory(cohort=data.cohort)
    application_services.application_submit(application=awaiting)
    links = [
        application_services.endorsement_url(awaiting.endorsements.get()),
        rater_link(invitation),
    ]
    return Year(data, session.pairing.mentor.user, links)


def visitors(year: Year) -> dict[str, User | None]:
    return {
        "anonymous": None,
        "applicant": year.data.person,
        "participant": year.data.participant.user,
        "mentor": year.mentor,
        "coordinator": coordinator(),
    }


@pytest.mark.parametrize("kind", ["anonymous", "applicant", "participant", "mentor", "coordinator"])
def test_hostile_values_in_every_form_never_fail_or_stick(kind):
    year = year_under_way()
    data = year.data
    user = visitors(year)[kind]
    client = visitor(user)
    forms = reachable_forms(client, data, year.links if user is None else [])
    assert forms, f"the {kind} reaches no form at all: the walk is broken"
    pages = {form.page for form in forms}
    assert all(link in pages for link in year.links if user is None), "a secret link has no form"
    before_rows = invalid_rows()
    before_privileges = privileges(user)
    others = other_ids(data)
    failures: list[str] = []

    @settings(
        max_examples=6 * len(forms),
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.data())
    def post_hostile(draw_data):
        form = draw_data.draw(st.sampled_from(forms))
        values = posted(form, draw_data.draw, others)
        response = client.post(form.action, values, follow=False)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {form}: {sorted(values)}")

    post_hostile()

    assert not failures, "\n".join(failures)
    assert privileges(user) == before_privileges
    assert invalid_rows() <= before_rows, "hostile input was stored"


def test_the_parser_finds_fields_options_and_ignores_logout():
    html = """
      <form method="post" action="/accounts/logout/"><button>Sign out</button></form>
      <form method="get" action="/search/"><input name="q"></form>
      <form method="post">
        <input type="hidden" name="csrfmiddlewaretoken" value="t">
        <input name="title" value="Draft">
        <input type="radio" name="age" value="under_35"><input type="radio" name="age" value="35_plus">
        <select name="sector"><option value="">Choose</option><option value="la">LA</option></select>
        <textarea name="why"></textarea>
        <button type="submit" name="action" value="save">Save</button>
      </form>"""

    (form,) = forms_on("/cohorts/1/apply/", html)

    assert form.action == "/cohorts/1/apply/"
    assert sorted(form.fields) == ["action", "age", "csrfmiddlewaretoken", "sector", "title", "why"]
    assert form.fields["action"].options == ["save"]
    assert form.fields["age"].options == ["under_35", "35_plus"]
    assert form.fields["sector"].options == ["", "la"]
