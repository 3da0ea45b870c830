"""Every URL pattern of the project, requested by each kind of visitor.

The walk goes through the whole URL configuration (our apps, allauth, the admin), builds a
concrete address for each pattern and asks for it with a GET. What each kind of visitor may see
is listed explicitly below, by URL name: a page that answers 200 without being listed fails, so
a page cannot become public by accident. A new kind of visitor (applicant, participant, mentor,
coordinator) gets its own ``Expectations`` and a test that signs that person in and walks again.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter
from django.utils import timezone
from django.utils.regex_helper import normalize

from applications import services
from applications.models import ExpressionOfInterest
from cohorts.models import (
    Certificate,
    CertificateBatch,
    Cohort,
    Participant,
    Programme,
    Quality,
    QualityFramework,
)
from cohorts.services import certificate_issue
from csssl.models import OutboxMessage, User
from evaluations.models import RaterComment, RaterInvitation, RaterResponse, Relationship, Report
from evaluations.services import plans as plan_services
from evaluations.services.chasing import PARTICIPANT_CHASE
from evaluations.services.frameworks import version_for
from events.messaging import MESSAGE_KIND
from events.models import AttendanceRecord, CoordinatorMessage
from mentoring.models import (
    FitAnswer,
    Group,
    MentoringSession,
    Placement,
    PortfolioEntry,
    PrivateNote,
)
from mentoring.services.matching import proposal_make
from tests.applications.factories import ExpressionOfInterestFactory
from tests.evaluations.factories import RoundFactory
from tests.events.factories import EventFactory
from tests.factories import (
    CohortFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    ParticipantFactory,
    QualityFactory,
    QualityFrameworkFactory,
    UserFactory,
    coordinator,
    mentor,
)
from tests.mentoring.factories import (
    GroupFactory,
    GroupMeetingFactory,
    MembershipFactory,
    MentorFactory,
    MilestoneFactory,
    PairingFactory,
    PlacementFactory,
    PoolPlaceFactory,
    ProjectFactory,
    SessionFactory,
)

PROJECT_APPS = {"csssl", "cohorts", "applications", "events", "mentoring", "evaluations"}


# --- The URL configuration, flattened ---------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """One URL pattern with everything needed to build an address for it."""

    key: str  # the URL name with its namespace; "namespace:route" for a pattern with no name
    regex: str  # the full regular expression, from the site root
    converters: dict = field(hash=False, compare=False)  # parameter name -> path converter
    callback: Callable = field(hash=False, compare=False)


def endpoints(
    patterns=None, regex: str = "", route: str = "", namespace: str = "", converters=None
) -> list[Endpoint]:
    """Every pattern under the root URLconf, recursing into included resolvers."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    found: list[Endpoint] = []
    for entry in patterns:
        full_regex = regex + entry.pattern.regex.pattern.removeprefix("^")
        full_route = route + str(entry.pattern)
        these = {**(converters or {}), **entry.pattern.converters}
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, (namespace, entry.namespace)))
            found += endpoints(entry.url_patterns, full_regex, full_route, inner, these)
        elif isinstance(entry, URLPattern):
            key = ":".join(filter(None, (namespace, entry.name or full_route)))
            found.append(Endpoint(key, full_regex, these, entry.callback))
    return found


# --- Values for the parameters in a path ------------------------------------------------------


@dataclass
class WalkData:
    """The objects a walk needs so that parameterised pages have something real to show."""

    programme: Programme
    cohort: Cohort
    framework: QualityFramework
    quality: Quality
    participant: Participant
    person: User  # signed up and verified, with no role and no place
    own_application: ExpressionOfInterest  # the person's draft for the open cohort
    others_application: ExpressionOfInterest  # someone else's, submitted
    certificate: Certificate  # awarded to a participant of an earlier cohort that has ended
    batch: CertificateBatch  # that cohort's certificates, generated


def walk_data() -> WalkData:
    quality = QualityFactory(framework=QualityFrameworkFactory(is_current=True))
    programme = quality.framework.programme
    cohort = CohortFactory(programme=programme, status=Cohort.Status.OPEN)
    person = UserFactory()
    certificate = certificate_issue(participant=ParticipantFactory(cohort=ended_cohort(programme)))
    batch = CertificateBatch.objects.create(
        cohort=certificate.participant.cohort,
        requested_by=coordinator(),
        status=CertificateBatch.Status.DONE,
        total=1,
        done=1,
    )
    batch.archive.save("certificates.zip", ContentFile(b"PK\x05\x06" + bytes(18)))  # empty zip
    return WalkData(
        programme=programme,
        cohort=cohort,
        framework=quality.framework,
        quality=quality,
        participant=ParticipantFactory(cohort=cohort),
        person=person,
        own_application=ExpressionOfInterestFactory(cohort=cohort, applicant=person),
        others_application=ExpressionOfInterestFactory(cohort=cohort, submitted=True),
        certificate=certificate,
        batch=batch,
    )


def ended_cohort(programme: Programme) -> Cohort:
    """A cohort of ``programme`` whose year ended about four months ago."""
    opened = timezone.now() - timedelta(days=400)
    return CohortFactory(
        programme=programme,
        name="Cohort 0: the year before",
        status=Cohort.Status.COMPLETED,
        applications_open=opened,
        application_deadline=opened + timedelta(days=20),
    )


# The coordinators' certificate pages of a cohort (cohorts/certificates/urls.py).
CERTIFICATE_PAGES = (
    "certificates:cohort",
    "certificates:generate",
    "certificates:awarding_body_csv",
    "certificates:batch",
    "certificates:batch_progress",
    "certificates:batch_zip",
)

# The coordinators' pages of an evaluation round (evaluations/urls.py), and those of them that
# only take a POST.
EVALUATION_PAGES = (
    "evaluations:coordinator_progress",
    "evaluations:coordinator_progress_csv",
    "evaluations:coordinator_remind_all",
    "evaluations:coordinator_remind",
    "evaluations:coordinator_debrief",
    "evaluations:coordinator_raters",
    "evaluations:coordinator_rater_add",
    "evaluations:coordinator_rater_correct",
    "evaluations:coordinator_comments",
    "evaluations:coordinator_withhold",
    "evaluations:coordinator_cohort",
)
EVALUATION_CHANGES = (
    "evaluations:coordinator_remind_all",
    "evaluations:coordinator_remind",
    "evaluations:coordinator_debrief",
    "evaluations:coordinator_rater_add",
    "evaluations:coordinator_rater_correct",
    "evaluations:coordinator_withhold",
)

# (URL name, parameter name) -> value; "*" as the URL name matches every URL. Feature apps add
# their objects here (("applications:detail", "pk"), ...) so a walk reaches real ones.
PATH_VALUES: dict[tuple[str, str], Callable[[WalkData], object]] = {
    ("*", "slug"): lambda data: data.programme.slug,
    # allauth's emailed links: a key that parses but matches nothing.
    ("account_confirm_email", "key"): lambda data: "not-a-real-key",
    ("account_reset_password_from_key", "uidb36"): lambda data: "1",
    ("account_reset_password_from_key", "key"): lambda data: "not-a-real-key",
    # The admin's "view on site" link for the walk's programme.
    ("admin:view_on_site", "content_type_id"): lambda data: (
        ContentType.objects.get_for_model(Programme).pk
    ),
    ("admin:view_on_site", "object_id"): lambda data: data.programme.pk,
    ("admin:app_list", "app_label"): lambda data: "cohorts",
    # Someone else's application: every walk must find it out of reach.
    ("applications:detail", "pk"): lambda data: data.others_application.pk,
    ("applications:withdraw", "pk"): lambda data: data.others_application.pk,
    ("applications:document", "pk"): lambda data: data.others_application.pk,
    ("applications:endorser_change", "pk"): lambda data: data.others_application.pk,
    ("applications:offer_accept", "pk"): lambda data: data.others_application.pk,
    ("applications:offer_decline", "pk"): lambda data: data.others_application.pk,
    # A real certificate's code: the public check must confirm it.
    ("cohorts:certificate_verify", "code"): lambda data: data.certificate.code,
    # The coordinators' certificate pages, for the cohort that has ended and its batch.
    **{(name, "cohort_id"): lambda data: data.batch.cohort_id for name in CERTIFICATE_PAGES},
    **{(name, "batch_id"): lambda data: data.batch.pk for name in CERTIFICATE_PAGES},
    # A cohort's engagement and emails: the open cohort, with a participant.
    ("coordinator:engagement", "cohort_id"): lambda data: data.cohort.pk,
    ("coordinator:email", "cohort_id"): lambda data: data.cohort.pk,
    # A round's pages: the walk's participant, and a comment that names nothing.
    **{(name, "participant_id"): lambda data: data.participant.pk for name in EVALUATION_PAGES},
    ("evaluations:coordinator_withhold", "comment_id"): lambda data: uuid.UUID(int=1),
}

# --- Mentoring: groups (mentoring/urls/groups.py) ----------------------------------------------
# The coordinators' pages of a cohort's groups, and the facilitator's group and registers; the
# walk reaches the first group there is (made by the groups tests), its first meeting and member.
GROUP_COORDINATOR_PAGES = (
    "mentoring:group_list",
    "mentoring:group_create",
    "mentoring:group_edit",
    "mentoring:group_members",
    "mentoring:group_meeting_add",
    "mentoring:group_meeting_move",
    "mentoring:group_meeting_cancel",
)
GROUP_FACILITATOR_PAGES = ("mentoring:group_detail", "mentoring:group_register")
GROUP_REGISTER_CHANGES = (
    "mentoring:group_all_present",
    "mentoring:group_mark",
    "mentoring:group_note",
)
GROUP_PAGES = GROUP_COORDINATOR_PAGES + GROUP_FACILITATOR_PAGES + GROUP_REGISTER_CHANGES


def _first_group(attribute: str) -> object | None:
    group = Group.objects.order_by("pk").first()
    return getattr(group, attribute) if group else None


def _first_of_group(related: str, attribute: str) -> object | None:
    group = Group.objects.order_by("pk").first()
    row = getattr(group, related).order_by("pk").first() if group else None
    return getattr(row, attribute) if row else None


PATH_VALUES.update(
    {
        **{(name, "cohort_id"): lambda data: _first_group("cohort_id") for name in GROUP_PAGES},
        **{(name, "group_id"): lambda data: _first_group("pk") for name in GROUP_PAGES},
        **{
            (name, "meeting_id"): lambda data: _first_of_group("meetings", "pk")
            for name in GROUP_PAGES
        },
        **{
            (name, "participant_id"): lambda data: _first_of_group("memberships", "participant_id")
            for name in GROUP_PAGES
        },
    }
)

ADMIN_MODEL_PATH = re.compile(r"^admin/(?P<app_label>\w+)/(?P<model_name>\w+)/")


def _existing_pk(model) -> object | None:
    return model._default_manager.order_by("pk").values_list("pk", flat=True).first()


def _admin_value(endpoint: Endpoint, param: str) -> object | None:
    """Object ids in the admin's model pages: the first existing object of that model (and,
    in django-simple-history's pages, its first historical record)."""
    match = ADMIN_MODEL_PATH.match(endpoint.regex)
    if not match:
        return None
    try:
        model = apps.get_model(match["app_label"], match["model_name"])
    except LookupError:
        return None
    if param in ("object_id", "id", "_0"):
        return _existing_pk(model)
    if param == "_1" and hasattr(model, "history"):
        return _existing_pk(model.history.model)
    return None


def _model_value(param: str) -> object | None:
    """``<int:cohort_id>`` and the like: the first existing object of our model of that name."""
    if not param.endswith("_id"):
        return None
    wanted = param.removesuffix("_id").replace("_", "")
    for config in apps.get_app_configs():
        if config.label in PROJECT_APPS:
            for model in config.get_models():
                if model._meta.model_name == wanted:
                    return _existing_pk(model)
    return None


def _fallback(endpoint: Endpoint, param: str) -> object:
    """An id that names nothing yet (1), or a word for a text parameter."""
    converter = endpoint.converters.get(param)
    if isinstance(converter, IntConverter) or param in ("pk", "id", "object_id", "_0", "_1"):
        return 1
    return "x"


def build_url(
    endpoint: Endpoint,
    data: WalkData,
    values: Callable[[Endpoint, str], object | None] | None = None,
) -> str:
    """A concrete address for the pattern, built the way ``reverse()`` builds one. ``values``,
    if given, is asked first for each parameter (None leaves it to the walk's own choice)."""
    template, params = normalize(endpoint.regex)[0]
    chosen = {}
    for param in params:
        value = values(endpoint, param) if values else None
        if value is None:
            value = next(
                (
                    source(data)
                    for source in (
                        PATH_VALUES.get((endpoint.key, param)),
                        PATH_VALUES.get(("*", param)),
                    )
                    if source is not None
                ),
                None,
            )
        if value is None:
            value = _admin_value(endpoint, param)
        if value is None:
            value = _model_value(param)
        if value is None:
            value = _fallback(endpoint, param)
        converter = endpoint.converters.get(param)
        chosen[param] = converter.to_url(value) if converter else str(value)
    return "/" + template % chosen


# --- The walk --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    url: str
    status: int
    location: str = ""

    def __str__(self) -> str:
        return f"{self.status} {self.url}" + (f" -> {self.location}" if self.location else "")


def visitor(user: User | None = None) -> Client:
    """A test client for a walk: signed in as ``user`` if given. A server error is recorded as
    a 500 in the walk's report rather than stopping it."""
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def walk(client: Client, data: WalkData) -> dict[str, Visit]:
    """GET every URL of the project (without following redirects), as whoever ``client`` is."""
    visits: dict[str, Visit] = {}
    for endpoint in endpoints():
        url = build_url(endpoint, data)
        match = resolve(url)
        assert match.func == endpoint.callback, f"{endpoint.key}: {url} resolves elsewhere"
        response = client.get(url, follow=False)
        visits[endpoint.key] = Visit(
            url, response.status_code, response.headers.get("Location", "")
        )
    return visits


# --- What each kind of visitor may see --------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: int
    location: str = ""  # where a redirect goes: the Location header starts with this...
    exact: bool = False  # ...or is exactly this

    def matches(self, visit: Visit) -> bool:
        if visit.status != self.status:
            return False
        if self.exact:
            return visit.location == self.location
        return visit.location.startswith(self.location)

    def __str__(self) -> str:
        where = self.location + ("" if self.exact else "...")
        return f"{self.status}" + (f" -> {where}" if self.location else "")


PAGE = Outcome(200)
# Browsers ask for /favicon.ico on their own; it is the static icon, whoever asks.
TO_FAVICON = Outcome(302, "/static/img/favicon.ico", exact=True)
TO_LOGIN = Outcome(302, "/accounts/login/?next=")
# The admin's own login page sends everyone to the site's login (csssl/admin.py); that hop is
# itself checked, as the entry for "admin:login".
TO_ADMIN_LOGIN = Outcome(302, "/admin/login/?next=")
TO_HOME = Outcome(302, "/", exact=True)
NOT_FOUND = Outcome(404)


@dataclass(frozen=True)
class Expectations:
    """``listed``: URL name -> what it must answer. ``otherwise``: what every URL not listed
    may answer (one of them)."""

    listed: dict[str, Outcome]
    otherwise: tuple[Outcome, ...]


# The coordinators' workspace and registers: only coordinators get past the role check, which
# comes before the method check, so even the POST-only changes answer a GET with it.
WORKSPACE = "cohorts:workspace"
COORDINATOR_PAGES = (
    WORKSPACE,
    "coordinator:register",
    "coordinator:register_csv",
    "coordinator:all_present",
    "coordinator:mark",
    "coordinator:note",
    "coordinator:engagement",
    "coordinator:email",
)

# A participant's feedback report, its PDF, and a coordinator's reading of it: only for the
# participant once released, or a coordinator (a walk finds no report, so every id is unknown).
REPORT_PAGES = (
    "evaluations:report",
    "evaluations:report_pdf",
    "evaluations:coordinator_report",
)
# The participant's development plan: its pages, and the changes that take a POST.
PLAN_PAGES = (
    "evaluations:plan",
    "evaluations:plan_add",
    "evaluations:plan_history",
    "evaluations:plan_priority",
)
PLAN_CHANGES = ("evaluations:plan_share", "evaluations:plan_suggestion", "evaluations:plan_move")

# --- Mentoring sessions (mentoring/urls/sessions.py) -------------------------------------------
# The mentor's session pages under a mentee's page, the participant's under /me/mentoring/, and
# the mentor's calendar feed, which opens with its secret address alone (a made-up one is not
# found). The changes take a POST; their owners get a 405 for a GET, everyone else a 404.
SESSION_MENTOR_PAGES = (
    "mentoring:session_new",
    "mentoring:session_detail",
    "mentoring:session_move",
    "mentoring:session_fit",
    "mentoring:session_debrief",
)
SESSION_MENTOR_CHANGES = (
    "mentoring:session_agree",
    "mentoring:session_cancel",
    "mentoring:session_held",
    "mentoring:session_record",
    "mentoring:session_note",
)
SESSION_ME_PAGES = (
    "mentoring:session_me_new",
    "mentoring:session_me_detail",
    "mentoring:session_me_move",
    "mentoring:session_me_fit",
)
SESSION_ME_CHANGES = (
    "mentoring:session_me_agree",
    "mentoring:session_me_cancel",
    "mentoring:session_me_held",
    "mentoring:session_me_record",
    "mentoring:session_me_note",
)
SESSION_PAGES = (
    SESSION_MENTOR_PAGES
    + SESSION_MENTOR_CHANGES
    + SESSION_ME_PAGES
    + SESSION_ME_CHANGES
    + ("mentoring:session_calendar_reset",)
)
SESSION_ANONYMOUS = {
    **dict.fromkeys(SESSION_PAGES, TO_LOGIN),
    "mentoring:mentor_calendar": NOT_FOUND,
}
SESSION_NOBODY = dict.fromkeys(SESSION_PAGES + ("mentoring:mentor_calendar",), NOT_FOUND)
# --- end of mentoring sessions ----------------------------------------------------------------
# --- Mentoring: the portfolio -----------------------------------------------------------------
# The owner's pages and downloads, the page of an entry shared with a mentor or facilitator,
# and the evidence download; and the changes that take a POST. The walk asks for an entry of
# someone else's, shared with their mentor.
PORTFOLIO_PAGES = (
    "mentoring:portfolio",
    "mentoring:portfolio_add",
    "mentoring:portfolio_pdf",
    "mentoring:portfolio_zip",
    "mentoring:portfolio_entry",
    "mentoring:portfolio_delete",
    "mentoring:portfolio_evidence",
    "mentoring:portfolio_shared",
)
PORTFOLIO_CHANGES = (
    "mentoring:portfolio_evidence_delete",
    "mentoring:portfolio_mark",
    "mentoring:portfolio_unmark",
)


def walk_portfolio_entry(data: WalkData) -> PortfolioEntry:
    """An entry of another participant of the walk's cohort, shared with their mentor."""
    owner = Participant.objects.filter(cohort=data.cohort, user__email="owner@example.org")
    participant = owner.first() or ParticipantFactory(
        cohort=data.cohort, user=UserFactory(email="owner@example.org")
    )
    entry, _ = PortfolioEntry.objects.get_or_create(
        participant=participant,
        title="Walk entry",
        defaults={"reflection": "Shared with my mentor.", "shared_with_mentor": True},
    )
    return entry


PATH_VALUES.update(
    {
        (name, "entry_id"): lambda data: walk_portfolio_entry(data).pk
        for name in PORTFOLIO_PAGES + PORTFOLIO_CHANGES
    }
)

# A participant on their own portfolio: theirs to read and download; someone else's entry is
# not found.
PORTFOLIO_PARTICIPANT = Expectations(
    listed={
        "mentoring:portfolio": PAGE,
        "mentoring:portfolio_add": PAGE,
        "mentoring:portfolio_pdf": PAGE,
        "mentoring:portfolio_zip": PAGE,
        "mentoring:portfolio_entry": NOT_FOUND,
        "mentoring:portfolio_delete": NOT_FOUND,
        "mentoring:portfolio_evidence": NOT_FOUND,
        "mentoring:portfolio_shared": NOT_FOUND,
        **dict.fromkeys(PORTFOLIO_CHANGES, Outcome(405)),
    },
    otherwise=(),
)
# The entry's owner's mentor: the shared entry, and nothing of a portfolio of their own.
PORTFOLIO_MENTOR = Expectations(
    listed={
        **dict.fromkeys(PORTFOLIO_PAGES, NOT_FOUND),
        "mentoring:portfolio_shared": PAGE,
        **dict.fromkeys(PORTFOLIO_CHANGES, Outcome(405)),
    },
    otherwise=(),
)
# --- Placements and projects (mentoring, placements topic) ------------------------------------
# The participant's own pages, the changes they make with a POST, the mentor's page of a
# mentee's placement, and the coordinators' pages of a cohort's placements.
PLACEMENT_PAGES = (
    "mentoring:placement_list",
    "mentoring:placement_add",
    "mentoring:placement_detail",
    "mentoring:placement_edit",
    "mentoring:placement_reflect",
    "mentoring:project_list",
    "mentoring:project_add",
    "mentoring:project_detail",
    "mentoring:project_edit",
    "mentoring:project_hand_in",
)
PLACEMENT_CHANGES = (
    "mentoring:placement_submit",
    "mentoring:placement_withdraw",
    "mentoring:project_milestone_add",
    "mentoring:project_milestone_tick",
)
PLACEMENT_MENTOR_PAGES = ("mentoring:placement_mentor",)
PLACEMENT_COORDINATOR_PAGES = (
    "mentoring:placement_cohort",
    "mentoring:placement_approve",
    "mentoring:placement_decline",
)
PLACEMENT_EVERY = (
    PLACEMENT_PAGES + PLACEMENT_CHANGES + PLACEMENT_MENTOR_PAGES + PLACEMENT_COORDINATOR_PAGES
)
# The coordinators' pages are of the walk's open cohort, and the decision pages of a placement
# awaiting approval, when there is one.
PATH_VALUES.update(
    {(name, "cohort_id"): lambda data: data.cohort.pk for name in PLACEMENT_COORDINATOR_PAGES}
)
PATH_VALUES.update(
    {
        (name, "placement_id"): lambda data: (
            Placement.objects.filter(status=Placement.Status.SUBMITTED)
            .values_list("pk", flat=True)
            .first()
        )
        for name in ("mentoring:placement_approve", "mentoring:placement_decline")
    }
)
PLACEMENT_ANONYMOUS = dict.fromkeys(PLACEMENT_EVERY, TO_LOGIN)
# Without a place there is no placement or project; the changes take a POST, refused before
# anything is read; the mentor's and coordinators' pages tell them nothing.
PLACEMENT_APPLICANT = {
    **dict.fromkeys(PLACEMENT_PAGES + PLACEMENT_MENTOR_PAGES, NOT_FOUND),
    **dict.fromkeys(PLACEMENT_COORDINATOR_PAGES, NOT_FOUND),
    **dict.fromkeys(PLACEMENT_CHANGES, Outcome(405)),
}
# A participant, with someone else's placement, project and milestone the walk asks for.
PLACEMENT_PARTICIPANT = Expectations(
    listed={
        "mentoring:placement_list": PAGE,
        "mentoring:placement_add": PAGE,
        "mentoring:project_list": PAGE,
        "mentoring:project_add": PAGE,
        **dict.fromkeys(
            set(PLACEMENT_PAGES)
            - {
                "mentoring:placement_list",
                "mentoring:placement_add",
                "mentoring:project_list",
                "mentoring:project_add",
            },
            NOT_FOUND,
        ),
        **dict.fromkeys(PLACEMENT_CHANGES, Outcome(405)),
        **dict.fromkeys(PLACEMENT_MENTOR_PAGES + PLACEMENT_COORDINATOR_PAGES, NOT_FOUND),
    },
    otherwise=(),
)
# A coordinator, with a placement of the open cohort awaiting approval; approving is the POST
# of the list's button.
PLACEMENT_COORDINATOR = Expectations(
    listed={
        "mentoring:placement_cohort": PAGE,
        "mentoring:placement_decline": PAGE,
        "mentoring:placement_approve": Outcome(405),
    },
    otherwise=(),
)


# --- A person's record (csssl/personal_data_urls.py) -------------------------------------------
# Everyone signed in reads their own record and downloads it; a coordinator's copy of someone's
# record (the walk asks for the first account there is) is for coordinators alone, and so is
# the page that erases someone's data at their request.
PERSONAL_DATA_OWN = ("personal_data:mine", "personal_data:mine_json", "personal_data:mine_pdf")
PERSONAL_DATA_COORDINATOR = "personal_data:person"
PERSONAL_DATA_ERASE = "personal_data:erase"
PERSONAL_DATA_SIGNED_IN = {
    **dict.fromkeys(PERSONAL_DATA_OWN, PAGE),
    PERSONAL_DATA_COORDINATOR: NOT_FOUND,
    PERSONAL_DATA_ERASE: NOT_FOUND,
}
PERSONAL_DATA_FOR_COORDINATOR = Expectations(
    listed=dict.fromkeys(
        (*PERSONAL_DATA_OWN, PERSONAL_DATA_COORDINATOR, PERSONAL_DATA_ERASE), PAGE
    ),
    otherwise=(),
)


ANONYMOUS = Expectations(
    listed={
        # Public pages: the only ones an anonymous visitor may see.
        "cohorts:home": PAGE,
        "cohorts:programme": PAGE,
        "cohorts:brochure": PAGE,
        "cohorts:qualities_pdf": PAGE,
        # Anyone may check a certificate by its code (an unknown code is a kind 404).
        "cohorts:certificate_verify_form": PAGE,
        "cohorts:certificate_verify": PAGE,
        # The blank expression-of-interest form of a published cohort, to read before applying.
        "applications:blank_form": PAGE,
        "healthz": PAGE,
        "favicon": TO_FAVICON,
        # The privacy notice and the accessibility statement, linked from every page's footer.
        "privacy": PAGE,
        "accessibility": PAGE,
        "account_login": PAGE,
        "account_signup": PAGE,
        "account_inactive": PAGE,
        "account_email_verification_sent": PAGE,
        "account_confirm_email": PAGE,  # says the link is invalid or has expired
        "account_reset_password": PAGE,
        "account_reset_password_done": PAGE,
        "account_reset_password_from_key": PAGE,  # says the link is invalid
        "account_reset_password_from_key_done": PAGE,
        # The endorser's page opens only with the signed link from their email: a made-up token
        # is not found (a real one is tested with the endorsement journey).
        "applications:endorse": NOT_FOUND,
        # The rater's page likewise opens only with the signed link from their invitation.
        "evaluations:rate": NOT_FOUND,
        # Signing out is a POST (the button in the header); a GET from someone who is not
        # signed in is sent home by allauth, with nothing to show.
        "account_logout": TO_HOME,
        # Signing in by code is not switched on: allauth sends the visitor to the login page.
        "account_confirm_login_code": Outcome(302, "/accounts/login/", exact=True),
        "admin:login": TO_LOGIN,
        # The second step of signing in, with no first step begun: back to the login page.
        "mfa_authenticate": Outcome(302, "/accounts/login/", exact=True),
        # The admin's sign-out answers a visitor who is not staff by going to the admin index,
        # which in turn asks them to sign in.
        "admin:logout": Outcome(302, "/admin/", exact=True),
        **dict.fromkeys(COORDINATOR_PAGES, TO_LOGIN),
        **dict.fromkeys(CERTIFICATE_PAGES, TO_LOGIN),
        **dict.fromkeys(EVALUATION_PAGES, TO_LOGIN),
        **dict.fromkeys(REPORT_PAGES, TO_LOGIN),
        **dict.fromkeys(PLAN_PAGES + PLAN_CHANGES, TO_LOGIN),
        **SESSION_ANONYMOUS,
        **dict.fromkeys(PORTFOLIO_PAGES + PORTFOLIO_CHANGES, TO_LOGIN),  # mentoring: portfolio
        **PLACEMENT_ANONYMOUS,
        # Mentoring: groups.
        **dict.fromkeys(GROUP_PAGES, TO_LOGIN),
        # A person's record, and a coordinator's copy of it.
        **dict.fromkeys(
            (*PERSONAL_DATA_OWN, PERSONAL_DATA_COORDINATOR, PERSONAL_DATA_ERASE), TO_LOGIN
        ),
    },
    otherwise=(TO_LOGIN, TO_ADMIN_LOGIN, NOT_FOUND),
)


PUBLIC = {
    name: outcome
    for name, outcome in ANONYMOUS.listed.items()
    if outcome == PAGE and not name.startswith("account_")
}

APPLICANT = Expectations(
    listed={
        **PUBLIC,
        "favicon": TO_FAVICON,
        # Their own account pages.
        "account_change_password": PAGE,
        "account_email": PAGE,
        "account_reauthenticate": PAGE,
        # Confirming who they are by an emailed code (allauth 65.22): the request page, and its
        # confirmation step, which without a pending code goes back to the request.
        "account_request_reauthentication_code": PAGE,
        "account_confirm_reauthentication_code": Outcome(
            302, "/accounts/reauthenticate/code/", exact=True
        ),
        "account_logout": PAGE,  # asks to confirm signing out
        # Two-factor sign-in (allauth.mfa): its page, and the set-up and changes, which ask for
        # the password again first; confirming by code or key needs an authenticator, so it
        # goes to the password's confirmation instead. Another's key is asked for the password
        # too, and then looked up among their own (tests/csssl/test_two_factor.py).
        "mfa_index": PAGE,
        "mfa_list_webauthn": PAGE,
        **{
            name: Outcome(302, f"/accounts/reauthenticate/?next={quote(path, safe='')}")
            for name, path in (
                ("mfa_activate_totp", "/accounts/2fa/totp/activate/"),
                ("mfa_add_webauthn", "/accounts/2fa/webauthn/add/"),
                ("mfa_generate_recovery_codes", "/accounts/2fa/recovery-codes/generate/"),
                ("mfa_edit_webauthn", "/accounts/2fa/webauthn/keys/"),
                ("mfa_remove_webauthn", "/accounts/2fa/webauthn/keys/"),
            )
        },
        "mfa_reauthenticate": Outcome(302, "/accounts/reauthenticate/", exact=True),
        "mfa_reauthenticate_webauthn": Outcome(302, "/accounts/reauthenticate/", exact=True),
        # Signed in already: the second step of signing in has nothing to do.
        "mfa_authenticate": TO_HOME,
        "account_set_password": Outcome(302, "/accounts/password/change/", exact=True),
        "account_login": TO_HOME,
        "account_signup": TO_HOME,
        "account_confirm_login_code": TO_HOME,
        "account_inactive": PAGE,
        "account_email_verification_sent": PAGE,
        "account_confirm_email": PAGE,
        "account_reset_password": PAGE,
        "account_reset_password_done": PAGE,
        "account_reset_password_from_key": PAGE,
        "account_reset_password_from_key_done": PAGE,
        # Their own applications, and the form for the open cohort.
        "applications:list": PAGE,
        "applications:apply": PAGE,
        # Someone else's application is not found, whatever is asked of it.
        "applications:detail": NOT_FOUND,
        "applications:withdraw": NOT_FOUND,
        "applications:document": NOT_FOUND,
        # Changing the endorser takes a POST; a GET is refused before any object is looked up.
        "applications:endorser_change": Outcome(405),
        # Answering an offer is a POST too; the link in the offer email is checked for its owner.
        "applications:offer_accept": Outcome(405),
        "applications:offer_decline": Outcome(405),
        "applications:offer_link": NOT_FOUND,
        "applications:endorse": NOT_FOUND,
        # Without a place, "My programme" explains how to get one; the rest is not found.
        "cohorts:dashboard": PAGE,
        "mentoring:me": PAGE,
        "evaluations:overview": PAGE,
        "evaluations:invite": Outcome(405),
        "evaluations:rater_remove": Outcome(405),
        "evaluations:rate": NOT_FOUND,
        "events:apology_withdraw": Outcome(405),
        "events:feed_reset": Outcome(405),
        # The admin is for staff: its login page tells anyone else nothing.
        "admin:login": NOT_FOUND,
        "admin:logout": Outcome(302, "/admin/", exact=True),
        **dict.fromkeys(COORDINATOR_PAGES, NOT_FOUND),
        **dict.fromkeys(CERTIFICATE_PAGES, NOT_FOUND),
        **dict.fromkeys(EVALUATION_PAGES, NOT_FOUND),
        **dict.fromkeys(REPORT_PAGES, NOT_FOUND),
        # Without a place there is no certificate to download.
        "cohorts:certificate": NOT_FOUND,
        # Nor a development plan; its changes take a POST, refused before any plan is read.
        **dict.fromkeys(PLAN_PAGES, NOT_FOUND),
        **dict.fromkeys(PLAN_CHANGES, Outcome(405)),
        **SESSION_NOBODY,
        # Mentoring, the portfolio: without a place there is none; its changes take a POST.
        **dict.fromkeys(PORTFOLIO_PAGES, NOT_FOUND),
        **dict.fromkeys(PORTFOLIO_CHANGES, Outcome(405)),
        **PLACEMENT_APPLICANT,
        # Mentoring: groups; no group is theirs, and the role check comes before the method.
        **dict.fromkeys(GROUP_PAGES, NOT_FOUND),
        # Their own record, to read and download; nobody else's.
        **PERSONAL_DATA_SIGNED_IN,
    },
    otherwise=(TO_ADMIN_LOGIN, NOT_FOUND),
)

# A participant, on their own evaluation pages (a round of their cohort is open).
EVALUATION_PARTICIPANT = Expectations(
    listed={
        "evaluations:overview": PAGE,
        "evaluations:self": PAGE,
        # Inviting and removing a rater are the POSTs of the overview's forms.
        "evaluations:invite": Outcome(405),
        "evaluations:rater_remove": Outcome(405),
        # The rater's page is for the rater's link alone: a made-up token is not found.
        "evaluations:rate": NOT_FOUND,
    },
    otherwise=(),
)


# A participant, on the pages of their development plan; the priority the walk asks for is
# someone else's.
PLAN_PARTICIPANT = Expectations(
    listed={
        "evaluations:plan": PAGE,
        "evaluations:plan_add": PAGE,
        "evaluations:plan_history": PAGE,
        "evaluations:plan_priority": NOT_FOUND,
        **dict.fromkeys(PLAN_CHANGES, Outcome(405)),
    },
    otherwise=(),
)

# A coordinator, on the pages of the coordinators' workspace.
COORDINATOR = Expectations(
    listed={
        WORKSPACE: PAGE,
        "coordinator:register": PAGE,
        "coordinator:register_csv": PAGE,
        # Marking, notes and "All present" are changes: a POST from the register's forms.
        "coordinator:all_present": Outcome(405),
        "coordinator:mark": Outcome(405),
        "coordinator:note": Outcome(405),
        # A cohort's engagement, and the page to email its participants (its form posts to
        # itself; a GET shows who the chosen filter reaches).
        "coordinator:engagement": PAGE,
        "coordinator:email": PAGE,
    },
    otherwise=(),
)

# A coordinator, on a cohort's certificate pages (the cohort has ended; its batch is done).
CERTIFICATE_COORDINATOR = Expectations(
    listed={
        "certificates:cohort": PAGE,
        "certificates:awarding_body_csv": PAGE,
        "certificates:batch": PAGE,
        "certificates:batch_progress": PAGE,
        "certificates:batch_zip": PAGE,
        # Awarding is a change: the POST of the page's button.
        "certificates:generate": Outcome(405),
    },
    otherwise=(),
)


# A coordinator, on the pages of an evaluation round of the open cohort. Reminders, debriefs,
# raters and withholding a comment are changes: a POST from the round's pages.
EVALUATION_COORDINATOR = Expectations(
    listed={
        **dict.fromkeys(EVALUATION_PAGES, PAGE),
        **dict.fromkeys(EVALUATION_CHANGES, Outcome(405)),
    },
    otherwise=(),
)


# Mentoring: groups. A coordinator opens every groups page; register changes take a POST.
GROUP_COORDINATOR = Expectations(
    listed={
        **dict.fromkeys(GROUP_COORDINATOR_PAGES + GROUP_FACILITATOR_PAGES, PAGE),
        **dict.fromkeys(GROUP_REGISTER_CHANGES, Outcome(405)),
    },
    otherwise=(),
)
# The group's facilitator: their group and its registers, no coordinator's page.
GROUP_FACILITATOR = Expectations(
    listed={
        **dict.fromkeys(GROUP_COORDINATOR_PAGES, NOT_FOUND),
        **dict.fromkeys(GROUP_FACILITATOR_PAGES, PAGE),
        **dict.fromkeys(GROUP_REGISTER_CHANGES, Outcome(405)),
    },
    otherwise=(),
)
# Another facilitator, or a member of the group: told nothing of it.
GROUP_OUTSIDER = Expectations(listed=dict.fromkeys(GROUP_PAGES, NOT_FOUND), otherwise=())


def problems(visits: dict[str, Visit], expected: Expectations) -> list[str]:
    found = []
    for name in expected.listed.keys() - visits.keys():
        found.append(f"{name}: listed, but no such URL exists any more")
    for name, visit in sorted(visits.items()):
        if name in expected.listed:
            wanted: tuple[Outcome, ...] = (expected.listed[name],)
        else:
            wanted = expected.otherwise
        if not any(outcome.matches(visit) for outcome in wanted):
            found.append(f"{name}: {visit}; expected {' or '.join(map(str, wanted))}")
    return found


# --- Tests ------------------------------------------------------------------------------------


@pytest.fixture
def data(db) -> WalkData:
    return walk_data()


def test_url_walk_reaches_every_pattern(data):
    patterns = endpoints()
    visits = walk(visitor(), data)

    assert len(visits) == len(patterns), "two patterns share a name: give one of them another"
    assert {"cohorts:home", "account_login", "admin:index"} <= visits.keys()


def test_url_walk_flags_unlisted_page_and_stale_entry():
    expected = Expectations(listed={"gone": PAGE}, otherwise=(TO_LOGIN, NOT_FOUND))
    visits = {
        "private": Visit("/private/", 302, "/accounts/login/?next=/private/"),
        "accidentally_public": Visit("/oops/", 200),
        "sent_elsewhere": Visit("/elsewhere/", 302, "/somewhere/"),
    }

    found = problems(visits, expected)

    assert sorted(line.split(":")[0] for line in found) == [
        "accidentally_public",
        "gone",
        "sent_elsewhere",
    ]


def test_url_walk_anonymous_sees_only_listed_public_pages(data):
    visits = walk(visitor(), data)

    found = problems(visits, ANONYMOUS)

    assert not found, "\n".join(found)


def test_admin_signed_in_non_staff_is_told_nothing(data):
    client = visitor(data.person)

    response = client.get("/admin/", follow=False)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login/")
    followed = client.get("/admin/", follow=True)
    assert followed.status_code == 404
    assert followed.redirect_chain, "the admin index was shown"
    assert "Programmes, cohorts and allocation" not in followed.content.decode()


def test_url_walk_applicant_sees_own_pages_and_nobody_elses(data):
    visits = walk(visitor(data.person), data)

    found = problems(visits, APPLICANT)

    assert not found, "\n".join(found)


def test_applicant_own_application_pages_answer(data):
    client = visitor(data.person)
    own = data.own_application
    services.application_submit(application=own)
    for url in (
        f"/applications/{own.pk}/",
        f"/applications/{own.pk}/withdraw/",
        f"/applications/{own.pk}/application.pdf",
    ):
        assert client.get(url).status_code == 200, url
    other = data.others_application
    assert client.get(f"/applications/{other.pk}/").status_code == 404


def test_url_walk_participant_reaches_no_allocation_board(data):
    """The board and its actions are for the DCS group and coordinators: a participant (or
    applicant) who tries any of them is told nothing."""
    client = visitor(data.participant.user)
    board = [key for key in walk(client, data) if key.startswith("admin:applications_board")]
    assert len(board) >= 8
    for endpoint in endpoints():
        if endpoint.key in board:
            url = build_url(endpoint, data)
            assert client.get(url, follow=True).status_code == 404, url
            assert client.post(url, follow=True).status_code == 404, url


def test_url_walk_coordinator_opens_workspace_and_registers(data):
    EventFactory(cohort=data.cohort)

    visits = walk(visitor(coordinator()), data)

    found = problems(
        {key: visit for key, visit in visits.items() if key in COORDINATOR_PAGES},
        COORDINATOR,
    )
    assert not found, "\n".join(found)


def test_url_walk_participant_reaches_no_coordinator_page(data):
    """A participant asking for their own cohort's register, or marking themselves present,
    or emailing their cohort, is told nothing."""
    EventFactory(cohort=data.cohort)
    client = visitor(data.participant.user)
    pages = [endpoint for endpoint in endpoints() if endpoint.key in COORDINATOR_PAGES]
    assert {endpoint.key for endpoint in pages} == set(COORDINATOR_PAGES)
    assert {e.key for e in endpoints() if e.key.startswith("coordinator:")} < set(COORDINATOR_PAGES)
    for endpoint in pages:
        url = build_url(endpoint, data)
        assert client.get(url).status_code == 404, url
        sent = {"status": "present", "note": "Here", "who": "everyone", "action": "send"}
        assert client.post(url, {**sent, "subject": "Hi", "body": "Hi"}).status_code == 404, url
    assert not AttendanceRecord.objects.exists()
    assert not CoordinatorMessage.objects.exists()
    assert not OutboxMessage.objects.filter(kind=MESSAGE_KIND).exists()


def test_url_walk_coordinator_opens_certificate_pages(data):
    visits = walk(visitor(coordinator()), data)

    found = problems(
        {key: visit for key, visit in visits.items() if key.startswith("certificates:")},
        CERTIFICATE_COORDINATOR,
    )
    assert not found, "\n".join(found)


def test_url_walk_participants_reach_only_their_own_certificate(data):
    """The holder downloads their own certificate; another participant has none to download.
    Neither reaches a coordinator's certificate page, nor can award anything from one."""
    holder = visitor(data.certificate.participant.user)
    response = holder.get("/me/certificate.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert visitor(data.participant.user).get("/me/certificate.pdf").status_code == 404
    pages = [endpoint for endpoint in endpoints() if endpoint.key in CERTIFICATE_PAGES]
    assert {endpoint.key for endpoint in pages} == set(CERTIFICATE_PAGES)
    for client in (holder, visitor(data.participant.user)):
        for endpoint in pages:
            url = build_url(endpoint, data)
            assert client.get(url).status_code == 404, url
            assert client.post(url).status_code == 404, url
    assert CertificateBatch.objects.count() == 1


def test_url_walk_participant_opens_own_evaluation_pages(data):
    RoundFactory(cohort=data.cohort, version=version_for(data.framework))

    visits = walk(visitor(data.participant.user), data)

    found = problems(
        {key: visit for key, visit in visits.items() if key in EVALUATION_PARTICIPANT.listed},
        EVALUATION_PARTICIPANT,
    )
    assert not found, "\n".join(found)


def evaluation_round(data: WalkData):
    return RoundFactory(cohort=data.cohort, version=version_for(data.framework))


def test_url_walk_coordinator_opens_evaluation_pages(data):
    evaluation_round(data)

    visits = walk(visitor(coordinator()), data)

    found = problems(
        {key: visit for key, visit in visits.items() if key in EVALUATION_PAGES},
        EVALUATION_COORDINATOR,
    )
    assert not found, "\n".join(found)


def test_url_walk_participant_reaches_no_evaluation_coordinator_page(data):
    """A participant asking for their own round's progress, raters or comments, or sending
    its reminders, is told nothing."""
    evaluation_round(data)
    client = visitor(data.participant.user)
    pages = [endpoint for endpoint in endpoints() if endpoint.key in EVALUATION_PAGES]
    assert {endpoint.key for endpoint in pages} == set(EVALUATION_PAGES)
    coordinators = {e.key for e in endpoints() if e.key.startswith("evaluations:coordinator_")}
    # A frozen report is reached by its own id, and walked with the report pages.
    assert coordinators - {"evaluations:coordinator_report"} == set(EVALUATION_PAGES)
    for endpoint in pages:
        url = build_url(endpoint, data)
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"reason": "x", "name": "x", "email": "x@e.org"}).status_code == 404
    assert not OutboxMessage.objects.filter(kind__in=[PARTICIPANT_CHASE, "rater_invitation"])


def test_url_walk_participant_opens_own_plan_and_nobody_elses(data):
    stranger = ParticipantFactory(cohort=data.cohort)
    plan_services.priority_add(participant=stranger, title="Someone else's priority")

    visits = walk(visitor(data.participant.user), data)

    found = problems(
        {key: visit for key, visit in visits.items() if key.startswith("evaluations:plan")},
        PLAN_PARTICIPANT,
    )
    assert not found, "\n".join(found)


def test_url_walk_mentor_and_second_participant_open_no_one_elses_evaluation(data):
    """With a round open, a rater invited and a released report, a priority and a comment for
    the walk's participant, a mentor (no place of their own, paired by no mentoring yet) and a
    participant of another cohort reach none of it, by GET or POST: each evaluations address
    is asked with the real ids of the walk participant's objects. Only their own pages without
    an id answer, and nothing is sent or changed on the walk participant's account."""
    round_ = evaluation_round(data)
    report = Report.objects.create(
        round=round_, participant=data.participant, figures={}, released_at=timezone.now()
    )
    invitation = RaterInvitation.objects.create(
        round=round_,
        participant=data.participant,
        relationship=Relationship.PEER,
        name="Pat Peer",
        email="pat.peer@example.org",
        invited_at=timezone.now(),
    )
    priority = plan_services.priority_add(participant=data.participant, title="Their priority")
    response = RaterResponse.objects.create(
        round=round_, participant=data.participant, relationship=Relationship.PEER, scores={}
    )
    comment = RaterComment.objects.create(response=response, question="strengths", text="Kind.")
    ids = {
        "round_id": round_.pk,
        "report_id": report.pk,
        "participant_id": data.participant.pk,
        "invitation_id": invitation.pk,
        "priority_id": priority.pk,
        "comment_id": comment.pk,
    }
    own = {"evaluations:overview", "evaluations:plan", "evaluations:plan_add"}
    own.add("evaluations:plan_history")
    elsewhere = ParticipantFactory(cohort=CohortFactory(programme=data.programme))
    # Without a place, the mentor's own pages say so or are not found; the other participant's
    # are theirs.
    for person, opens in ((mentor(), (200, 404)), (elsewhere.user, (200,))):
        client = visitor(person)
        for endpoint in endpoints():
            if not endpoint.key.startswith("evaluations:") or endpoint.key == "evaluations:rate":
                continue
            _, params = normalize(endpoint.regex)[0]
            url = reverse(endpoint.key, kwargs={param: ids[param] for param in params})
            if not params and endpoint.key in own:
                assert client.get(url).status_code in opens, url
                continue
            assert client.get(url).status_code in (404, 405), (person, url)
            if params:  # an address without an id acts on the visitor's own plan or round
                posted = client.post(url, {"name": "x", "email": "x@e.org", "reason": "x"})
                assert posted.status_code in (404, 405), (person, url)
        overview = client.get(reverse("evaluations:overview")).content.decode()
        assert "Pat Peer" not in overview
        assert "pat.peer@example.org" not in overview
    invitation.refresh_from_db()
    comment.refresh_from_db()
    assert invitation.state == RaterInvitation.State.INVITED
    assert not comment.is_withheld
    assert not OutboxMessage.objects.filter(kind="rater_invitation").exists()


# --- Mentoring sessions -------------------------------------------------------------------------


def test_url_walk_session_pages_open_to_their_two_sides_only(data):
    """With a held session (so the fit question is asked) and a report held for a debrief,
    the mentor opens their session pages and the participant theirs, by their real ids; the
    changes answer a GET with 405. Another mentor, the walk's participant (not paired) and a
    coordinator reach none of them, by GET or POST, and nothing is written."""
    pairing = PairingFactory(participant=ParticipantFactory(cohort=data.cohort))
    past = timezone.now() - timedelta(days=1)
    session = SessionFactory(
        pairing=pairing, status=MentoringSession.Status.HELD, starts_at=past, held_at=past
    )
    report = Report.objects.create(round=evaluation_round(data), participant=pairing.participant)
    ids = {"pairing_id": pairing.pk, "session_id": session.pk, "report_id": report.pk}

    def url_of(key):
        _, params = normalize(next(e for e in endpoints() if e.key == key).regex)[0]
        return reverse(key, kwargs={param: ids[param] for param in params})

    sides = (
        (pairing.mentor.user, SESSION_MENTOR_PAGES, SESSION_MENTOR_CHANGES),
        (pairing.participant.user, SESSION_ME_PAGES, SESSION_ME_CHANGES),
    )
    for person, pages, changes in sides:
        client = visitor(person)
        # A held session cannot be moved: its page says so rather than failing.
        for key in pages:
            assert client.get(url_of(key)).status_code == 200, (person, key)
        for key in changes:
            assert client.get(url_of(key)).status_code == 405, (person, key)
    outsiders = (MentorFactory().user, data.participant.user, coordinator())
    for person in outsiders:
        client = visitor(person)
        for key in SESSION_PAGES:
            if key == "mentoring:session_calendar_reset":
                continue
            url = url_of(key)
            assert client.get(url).status_code == 404, (person, url)
            posted = client.post(url, {"text": "x", "themes": "x", "works": "no"})
            assert posted.status_code == 404, (person, url)
    assert not PrivateNote.objects.exists()
    assert not FitAnswer.objects.exists()
    report.refresh_from_db()
    assert report.released_at is None


# --- Mentoring: groups ---------------------------------------------------------------------------


def walk_group(data: WalkData):
    """A tutorial group of the open cohort with the walk's participant in it and a meeting
    today, facilitated by a mentor."""
    group = GroupFactory(cohort=data.cohort, facilitator=mentor())
    MembershipFactory(group=group, participant=data.participant)
    start = timezone.now() - timedelta(minutes=5)
    GroupMeetingFactory(group=group, starts_at=start, ends_at=start + timedelta(hours=1))
    return group


def _group_visits(user, data: WalkData) -> dict[str, Visit]:
    return {key: visit for key, visit in walk(visitor(user), data).items() if key in GROUP_PAGES}


def test_url_walk_coordinator_opens_every_groups_page(data):
    walk_group(data)
    found = problems(_group_visits(coordinator(), data), GROUP_COORDINATOR)
    assert not found, "\n".join(found)


def test_url_walk_facilitator_opens_own_group_and_no_coordinator_page(data):
    group = walk_group(data)
    found = problems(_group_visits(group.facilitator, data), GROUP_FACILITATOR)
    assert not found, "\n".join(found)


def test_url_walk_another_facilitator_or_a_member_is_told_nothing_of_a_group(data):
    walk_group(data)
    for outsider in (mentor(), data.participant.user):
        found = problems(_group_visits(outsider, data), GROUP_OUTSIDER)
        assert not found, "\n".join(found)


# --- Mentoring: the mentor's workspace, the participant's mentoring pages, and matching --------

MATCHING_PAGES = (
    "mentoring:coordinator",
    "mentoring:pairings_csv",
    "mentoring:pairing_end",
    "mentoring:proposal",
)
MATCHING_CHANGES = (
    "mentoring:settings",
    "mentoring:pool_add",
    "mentoring:pool_place",
    "mentoring:pair",
    "mentoring:propose",
    "mentoring:proposal_pair",
    "mentoring:proposal_confirm",
    "mentoring:proposal_discard",
    "mentoring:request_resolve",
)
MENTEE_PAGES = ("mentoring:mentee", "mentoring:mentee_report")
OWN_MENTORING = ("mentoring:me", "mentoring:preferences", "mentoring:change")

# A coordinator, on the open cohort's mentoring pages (with a proposal under review); the
# pool, the pairs and the requests change through the POSTs of those pages' forms.
MATCHING_COORDINATOR = Expectations(
    listed={
        **dict.fromkeys(MATCHING_PAGES, PAGE),
        **dict.fromkeys(MATCHING_CHANGES, Outcome(405)),
    },
    otherwise=(),
)
# The participant's mentor: their workspace and their mentee's page; the report only while
# the plan is shared (it is not). Without a place of their own, "Mentoring" says so.
MENTOR_OF_PARTICIPANT = Expectations(
    listed={
        "mentoring:workspace": PAGE,
        "mentoring:mentee": PAGE,
        "mentoring:mentee_report": NOT_FOUND,
        "mentoring:me": PAGE,
        "mentoring:preferences": NOT_FOUND,
        "mentoring:change": NOT_FOUND,
        **dict.fromkeys(MATCHING_PAGES + MATCHING_CHANGES, NOT_FOUND),
    },
    otherwise=(),
)
# The participant, paired: their own mentoring pages, and nothing of the mentor's or the team's.
PAIRED_PARTICIPANT = Expectations(
    listed={
        **dict.fromkeys(OWN_MENTORING, PAGE),
        "mentoring:workspace": NOT_FOUND,
        **dict.fromkeys(MENTEE_PAGES, NOT_FOUND),
        **dict.fromkeys(MATCHING_PAGES + MATCHING_CHANGES, NOT_FOUND),
    },
    otherwise=(),
)


def _paired(data: WalkData):
    derby = OrganisationFactory(
        local_authority=LocalAuthorityFactory(code="E06000015", name="Derby")
    )
    pairing = PairingFactory(participant=data.participant, mentor=MentorFactory(organisation=derby))
    PoolPlaceFactory(cohort=data.cohort, mentor=MentorFactory(organisation=derby))
    ParticipantFactory(cohort=data.cohort)
    proposal_make(cohort=data.cohort, by=coordinator())
    return pairing


@pytest.mark.parametrize(
    "who", ["coordinator", "mentor", "participant"], ids=["coordinator", "mentor", "participant"]
)
def test_url_walk_mentoring_pages(data, who):
    pairing = _paired(data)
    person, expected = {
        "coordinator": (coordinator(), MATCHING_COORDINATOR),
        "mentor": (pairing.mentor.user, MENTOR_OF_PARTICIPANT),
        "participant": (data.participant.user, PAIRED_PARTICIPANT),
    }[who]

    visits = walk(visitor(person), data)

    found = problems(
        {key: visit for key, visit in visits.items() if key in expected.listed}, expected
    )
    assert not found, "\n".join(found)


def test_another_mentor_reaches_no_mentee_of_someone_else(data):
    pairing = _paired(data)
    stranger = visitor(mentor())
    for name in MENTEE_PAGES:
        assert stranger.get(reverse(name, args=[pairing.pk])).status_code == 404
    assert stranger.get(reverse("mentoring:workspace")).status_code == 200


# --- Mentoring: the portfolio -----------------------------------------------------------------


def test_url_walk_participant_opens_own_portfolio_and_nobody_elses(data):
    walk_portfolio_entry(data)

    visits = walk(visitor(data.participant.user), data)

    found = problems(
        {key: visit for key, visit in visits.items() if key in PORTFOLIO_PARTICIPANT.listed},
        PORTFOLIO_PARTICIPANT,
    )
    assert not found, "\n".join(found)


def test_url_walk_mentor_opens_only_the_entry_shared_with_them(data):
    entry = walk_portfolio_entry(data)
    pairing = PairingFactory(participant=entry.participant)

    visits = walk(visitor(pairing.mentor.user), data)

    found = problems(
        {key: visit for key, visit in visits.items() if key in PORTFOLIO_MENTOR.listed},
        PORTFOLIO_MENTOR,
    )
    assert not found, "\n".join(found)


# --- Placements and projects (mentoring, placements topic) ------------------------------------


def _placement_data(data: WalkData):
    """A stranger's draft placement, project and milestone in the open cohort (the walk's ids
    name them: each is the first of its kind), and a placement of the walk's participant
    awaiting approval."""
    stranger = ParticipantFactory(cohort=data.cohort)
    pairing = PairingFactory(participant=stranger)
    placement = PlacementFactory(participant=stranger)
    MilestoneFactory(project=ProjectFactory(participant=stranger))
    PlacementFactory(participant=data.participant, status=Placement.Status.SUBMITTED)
    return pairing, placement


def test_url_walk_participant_opens_own_placement_pages_and_nobody_elses(data):
    _placement_data(data)

    visits = walk(visitor(data.participant.user), data)

    found = problems(
        {key: visit for key, visit in visits.items() if key in PLACEMENT_EVERY},
        PLACEMENT_PARTICIPANT,
    )
    assert not found, "\n".join(found)


def test_url_walk_coordinator_opens_cohort_placements(data):
    _placement_data(data)

    visits = walk(visitor(coordinator()), data)

    found = problems(
        {key: visit for key, visit in visits.items() if key in PLACEMENT_COORDINATOR_PAGES},
        PLACEMENT_COORDINATOR,
    )
    assert not found, "\n".join(found)


def test_url_walk_only_the_mentor_opens_a_mentees_placement(data):
    """The mentee's own mentor reads the placement; another mentor, the participant and a
    coordinator are told nothing, and nobody but the mentor agrees its objectives."""
    pairing, placement = _placement_data(data)
    url = reverse("mentoring:placement_mentor", args=[pairing.pk, placement.pk])
    assert visitor(pairing.mentor.user).get(url).status_code == 200
    for person in (mentor(), data.participant.user, coordinator(), pairing.participant.user):
        client = visitor(person)
        assert client.get(url).status_code == 404, person
        assert client.post(url, {"revision": "x"}).status_code == 404, person
    placement.refresh_from_db()
    assert placement.objectives_agreed_at is None


def test_url_walk_participant_reaches_no_placement_approval(data):
    """A participant asking for their own cohort's placements, or approving or declining
    their own, is told nothing, and nothing is sent."""
    _placement_data(data)
    own = data.participant.placements.get()
    client = visitor(data.participant.user)
    for name in PLACEMENT_COORDINATOR_PAGES:
        kwargs = {"cohort_id": data.cohort.pk}
        if name != "mentoring:placement_cohort":
            kwargs["placement_id"] = own.pk
        url = reverse(name, kwargs=kwargs)
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"note": "Approve myself"}).status_code == 404, url
    own.refresh_from_db()
    assert own.status == own.Status.SUBMITTED
    assert not OutboxMessage.objects.filter(kind__startswith="placement_").exists()


# --- A person's record -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["participant", "mentor"])
def test_url_walk_personal_data_own_record_only(data, who):
    """A participant or a mentor reads and downloads their own record, and is told nothing
    of a coordinator's copy of anyone's, by GET or by POST with a reason."""
    person = data.participant.user if who == "participant" else mentor()
    client = visitor(person)

    visits = walk(client, data)

    expected = Expectations(listed=PERSONAL_DATA_SIGNED_IN, otherwise=())
    found = problems({k: v for k, v in visits.items() if k in expected.listed}, expected)
    assert not found, "\n".join(found)
    copy = reverse(PERSONAL_DATA_COORDINATOR, args=[data.person.pk])
    assert client.post(copy, {"reason": "x", "format": "json"}).status_code == 404
    erase = reverse(PERSONAL_DATA_ERASE, args=[data.person.pk])
    assert client.post(erase, {"reason": "x", "confirm": "on"}).status_code == 404
    data.person.refresh_from_db()
    assert data.person.is_active


def test_url_walk_coordinator_opens_personal_data_pages(data):
    visits = walk(visitor(coordinator()), data)

    found = problems(
        {k: v for k, v in visits.items() if k in PERSONAL_DATA_FOR_COORDINATOR.listed},
        PERSONAL_DATA_FOR_COORDINATOR,
    )
    assert not found, "\n".join(found)
