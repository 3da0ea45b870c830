"""The record of allocation in the admin panel: every score, decision (with the waiting list)
and offer, and the conflicts of interest that keep a member from scoring, to look up and audit.

They are read-only for everyone, because they change only through the allocation services (the
allocation board, the applicant's answer); each change the services save is in the record's
history with who made it and when.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from applications.admin.cohort_choices import CohortListFilter
from applications.models import (
    ConflictOfInterest,
    Criterion,
    Decision,
    ExpressionOfInterest,
    Offer,
    Score,
)
from cohorts.models import Cohort
from csssl.admin_base import ReadOnlyAdminMixin
from csssl.admin_history import ReadableHistoryAdmin
from csssl.uktime import short_moment

APPLICANT_SEARCH = [
    "application__first_name",
    "application__last_name",
    "application__applicant__email",
]


def applicant_name(application: ExpressionOfInterest) -> str:
    """The applicant as lists name them: their name, or their email address if they gave none."""
    return application.full_name or application.applicant_email


class CriterionListFilter(admin.RelatedFieldListFilter):
    """The criterion filter, naming each criterion with its cohort (cohorts often share
    criteria names), from one query."""

    def field_choices(self, field, request, model_admin) -> list[tuple[int, str]]:
        criteria = Criterion.objects.select_related("cohort__programme")
        return [(criterion.pk, f"{criterion.cohort}: {criterion.name}") for criterion in criteria]


class ApplicationColumnsMixin:
    """Columns naming the application a record is about, from rows fetched with
    ``application__applicant`` (see each admin's ``list_select_related``)."""

    @admin.display(description="applicant", ordering="application__last_name")
    def applicant(self, obj) -> str:
        return applicant_name(obj.application)

    @admin.display(description="application")
    def application_link(self, obj) -> str:
        url = reverse("admin:applications_expressionofinterest_change", args=[obj.application_id])
        return format_html('<a href="{}">{}</a>', url, obj.application)


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdminMixin, ApplicationColumnsMixin, ReadableHistoryAdmin):
    """Every score the DCS group has given, to look up and audit. Read-only for everyone:
    scores are given and changed on the allocation board, where the rules (members only, no
    scoring of one's own authority) are kept. Each change is in the score's history, with who
    made it and when."""

    list_display = ["application", "scorer", "criterion", "value", "updated"]
    list_filter = [
        ("application__cohort", CohortListFilter),
        ("criterion", CriterionListFilter),
        ("scorer", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [*APPLICANT_SEARCH, "scorer__email", "scorer__first_name", "scorer__last_name"]
    list_select_related = [
        "application__applicant",
        "application__cohort__programme",
        "scorer",
        "criterion",
    ]
    show_full_result_count = False
    fields = ["application_link", "scorer", "criterion", "value", "comment", "updated"]
    readonly_fields = fields
    history_list_display = ["score"]

    @admin.display(description="last changed (UK time)", ordering="updated_at")
    def updated(self, obj: Score) -> str | None:
        return short_moment(obj.updated_at)

    def score(self, record) -> int:
        """The score as it stood in one version, for the history page."""
        return record.value


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdminMixin, ApplicationColumnsMixin, ReadableHistoryAdmin):
    """The DCS group's decisions with their reasons, to look up and audit. Read-only for
    everyone: decisions and places on the waiting list are made on the allocation board, where
    capacity is guarded. Each change the services save is in the decision's history with who
    made it and when; "automatically" means the system offered a freed place to the next on the
    waiting list."""

    list_display = [
        "applicant",
        "cohort",
        "outcome",
        "waiting_rank",
        "decided_by_name",
        "decided",
        "letter_sent",
    ]
    list_filter = [("cohort", CohortListFilter), "outcome"]
    search_fields = [*APPLICANT_SEARCH, "reason", "decided_by__email"]
    list_select_related = ["application__applicant", "cohort__programme", "decided_by"]
    show_full_result_count = False
    fields = [
        "application_link",
        "cohort",
        "outcome",
        "waiting_rank",
        "reason",
        "decided_by_name",
        "decided",
        "letter_sent",
    ]
    readonly_fields = fields
    history_list_display = ["decision", "rank"]

    @admin.display(description="decided by", ordering="decided_by__last_name")
    def decided_by_name(self, obj: Decision) -> str:
        return str(obj.decided_by) if obj.decided_by_id else "automatically"

    @admin.display(description="decided (UK time)", ordering="decided_at")
    def decided(self, obj: Decision) -> str | None:
        return short_moment(obj.decided_at)

    @admin.display(description="letter sent (UK time)", ordering="letter_sent_at")
    def letter_sent(self, obj: Decision) -> str | None:
        return short_moment(obj.letter_sent_at)

    def decision(self, record) -> str:
        """The outcome as it stood in one version, for the history page."""
        return record.get_outcome_display()

    def rank(self, record) -> int | str:
        """The place on the waiting list in one version, for the history page."""
        return record.waiting_rank if record.waiting_rank is not None else "–"


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdminMixin, ApplicationColumnsMixin, ReadableHistoryAdmin):
    """Offers of places and the applicants' answers, to look up and audit. Read-only for
    everyone: offers are made by decisions on the board, sent with the outcomes, and answered
    by the applicant through their link. The nonce the link carries is never shown, not even
    in the history."""

    list_display = ["applicant", "cohort", "state", "sent", "answer_by", "responded"]
    list_filter = [("cohort", CohortListFilter), "state"]
    search_fields = APPLICANT_SEARCH
    list_select_related = ["application__applicant", "cohort__programme"]
    show_full_result_count = False
    fields = [
        "application_link",
        "cohort",
        "state",
        "created",
        "sent",
        "answer_by",
        "responded",
        "decline_reason",
    ]
    readonly_fields = fields
    history_hidden_fields = ("nonce",)

    @admin.display(description="decided (UK time)", ordering="created_at")
    def created(self, obj: Offer) -> str | None:
        return short_moment(obj.created_at)

    @admin.display(description="sent (UK time)", ordering="sent_at")
    def sent(self, obj: Offer) -> str | None:
        return short_moment(obj.sent_at)

    @admin.display(description="answer by (UK time)", ordering="respond_by")
    def answer_by(self, obj: Offer) -> str | None:
        return short_moment(obj.respond_by)

    @admin.display(description="answered (UK time)", ordering="responded_at")
    def responded(self, obj: Offer) -> str | None:
        return short_moment(obj.responded_at)


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(ReadOnlyAdminMixin, ApplicationColumnsMixin, admin.ModelAdmin):
    """Members kept from scoring an application, and why: on the record, read-only for
    everyone. They are recorded by the allocation services when a member leads the applicant's
    authority."""

    list_display = ["applicant", "cohort", "member", "reason", "recorded"]
    list_filter = [
        ("application__cohort", CohortListFilter),
        ("member", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        *APPLICANT_SEARCH,
        "member__email",
        "member__first_name",
        "member__last_name",
        "reason",
    ]
    list_select_related = ["application__applicant", "application__cohort__programme", "member"]
    fields = ["application_link", "member", "reason", "recorded"]
    readonly_fields = fields

    @admin.display(description="cohort", ordering="application__cohort")
    def cohort(self, obj: ConflictOfInterest) -> Cohort:
        return obj.application.cohort

    @admin.display(description="recorded (UK time)", ordering="recorded_at")
    def recorded(self, obj: ConflictOfInterest) -> str | None:
        return short_moment(obj.recorded_at)
