"""How long each kind of personal data is kept: the one table of the retention schedule.

Each category has a key, what it covers, the moment its clock starts and a default number of
months, which an environment variable of its own (``RETENTION_<KEY>_MONTHS``) overrides. The
settings read the table to build ``settings.RETENTION`` (key -> months); the privacy notice
renders it, and whatever removes data when its time is up reads the same months, so what the
notice promises and what is done cannot drift apart.

Months of 0 mean "at that moment"; ``None`` means kept for good (a certificate must stay
checkable by its code). The settings module imports this one, so it reads ``settings`` only
when asked for the schedule in force.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Category:
    """One line of the schedule."""

    key: str
    #: What is kept, as the privacy notice names it.
    held: str
    #: When the clock starts, completing "… months after" or "when …".
    after: str
    #: The months kept when no environment variable says otherwise; None: kept for good.
    default_months: int | None

    @property
    def setting(self) -> str:
        """The environment variable that overrides the default."""
        return f"RETENTION_{self.key.upper()}_MONTHS"

    def period(self, months: int | None) -> str:
        """How long, in words: "12 months after places on the cohort are awarded"."""
        if months is None:
            return "Kept for good"
        if months == 0:
            return f"Removed when {self.after}"
        unit = "month" if months == 1 else "months"
        return f"{months} {unit} after {self.after}"


SCHEDULE: tuple[Category, ...] = (
    Category(
        key="unsuccessful_applications",
        held=(
            "Applications that did not lead to a place (with their endorsements, scores and "
            "decisions), and drafts never submitted"
        ),
        after="places on the cohort are awarded",
        default_months=12,
    ),
    Category(
        key="equality_answers",
        held="Equality-monitoring answers",
        after=(
            "places on the cohort are awarded: the cohort's totals are taken first, and only "
            "the totals are kept"
        ),
        default_months=0,
    ),
    Category(
        key="rater_identities",
        held="Raters' names and email addresses",
        after="the evaluation round closes: their answers stay, with no name or address",
        default_months=0,
    ),
    Category(
        key="sent_email_bodies",
        held="The text of emails we have sent (who, what kind and when are kept)",
        after="the email is sent",
        default_months=6,
    ),
    Category(
        key="invoices",
        held="Invoices and the purchase-order numbers and contacts on them",
        after="the invoice is issued, as financial records must be kept",
        default_months=72,
    ),
    Category(
        key="inactive_accounts",
        held=(
            "Your account and what is kept with it: your place, attendance, evaluations and "
            "reports, development plan, mentoring records and portfolio"
        ),
        after="you last signed in",
        default_months=36,
    ),
    Category(
        key="certificates",
        held="Certificates awarded (name, programme, date and code)",
        after="",
        default_months=None,
    ),
)

BY_KEY: Mapping[str, Category] = {category.key: category for category in SCHEDULE}


def from_environment(env) -> dict[str, int | None]:
    """``settings.RETENTION``: each category's months, from its environment variable or its
    default (``env`` is django-environ's ``Env``)."""
    return {
        category.key: env.int(category.setting, default=category.default_months)
        for category in SCHEDULE
    }


@dataclass(frozen=True)
class Row:
    category: Category
    months: int | None

    @property
    def period(self) -> str:
        return self.category.period(self.months)


def schedule() -> list[Row]:
    """The schedule in force: every category with the months the settings give it."""
    return [Row(category, settings.RETENTION[category.key]) for category in SCHEDULE]
