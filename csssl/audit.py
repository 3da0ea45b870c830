"""The audit trail: who changed what, when, and why where a reason was asked.

Three records are read together, newest first, without copying any of them:

- the history django-simple-history keeps of every model registered with it (applications,
  endorsements, scores, decisions, offers, invoices, attendance, evaluation rounds, development
  plans, mentoring pairings and sessions ...), one row per save, with the person signed in and
  the reason a service gave (``_change_reason``);
- the admin panel's own log of what was added, changed or deleted there;
- :class:`~csssl.models.AuditEvent`, for what neither holds: staff sign-ins and failed
  sign-ins, roles given and taken away, and account changes (email, name, status, password).

A new model with a history is in the trail without being named here. The trail says which
fields changed; it shows values only for choices, yes/no fields and dates, so a personal
statement or a piece of feedback is never copied into it, and no history here records who
answered an evaluation (raters answer by link, without an account).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db import models
from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import Cast, Coalesce
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords, registered_models

from csssl.models import AuditEvent, User
from csssl.roles import is_staff_account
from csssl.uktime import short_date, short_moment

ADMIN_KIND = "admin"
ACCOUNT_KIND = "csssl.auditevent"
PROJECT_APPS = ("csssl", "cohorts", "applications", "events", "evaluations", "mentoring")

#: The account fields whose change is written down, and how the trail names them.
ACCOUNT_FIELDS = {
    "email": "email address",
    "first_name": "first name",
    "last_name": "last name",
    "is_active": "active",
    "is_staff": "staff status",
    "is_superuser": "superuser status",
    "password": "password",
}

ACTIONS = {
    "created": "Created",
    "changed": "Changed",
    "deleted": "Deleted",
    **dict(AuditEvent.Action.choices),
}
_HISTORY_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
_ADMIN_ACTIONS = {ADDITION: "created", CHANGE: "changed", DELETION: "deleted"}


# --- Writing: what the histories do not hold ----------------------------------------------------


def _acting_user() -> User | None:
    """The person signed in to the request being served, if any (simple-history's middleware
    keeps the request for the length of it)."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def record(action: str, *, subject: User | None, detail: str = "", actor=None) -> AuditEvent:
    return AuditEvent.objects.create(
        action=action,
        subject=subject,
        actor=actor if actor is not None else _acting_user(),
        detail=detail[: AuditEvent._meta.get_field("detail").max_length],
    )


def staff_signed_in(sender, request, user, **kwargs) -> None:
    if is_staff_account(user):
        record(AuditEvent.Action.SIGNED_IN, subject=user, actor=user)


def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    """A failed sign-in to a staff account (``is_staff_account``: a role, the admin, a
    superuser). Attempts on addresses that are not staff accounts
    are not kept: they would be a list of strangers' guesses."""
    email = credentials.get("email") or credentials.get("username") or ""
    user = User.objects.filter(email__iexact=str(email)).first() if email else None
    if user is not None and is_staff_account(user):
        record(AuditEvent.Action.SIGN_IN_FAILED, subject=user, actor=None)


@receiver(pre_save, sender=User, dispatch_uid="csssl.audit.account_before")
def _account_before(sender, instance: User, raw=False, update_fields=None, **kwargs) -> None:
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(ACCOUNT_FIELDS):
        return  # a sign-in stamping last_login, and the like
    instance._audit_before = (
        User.objects.filter(pk=instance.pk).values(*ACCOUNT_FIELDS).first() or {}
    )


@receiver(post_save, sender=User, dispatch_uid="csssl.audit.account_after")
def _account_after(sender, instance: User, created=False, raw=False, **kwargs) -> None:
    if raw:
        return
    if created:
        record(AuditEvent.Action.ACCOUNT_CREATED, subject=instance)
        return
    before = instance.__dict__.pop("_audit_before", None)
    if not before:
        return
    changed = [
        label for name, label in ACCOUNT_FIELDS.items() if before[name] != getattr(instance, name)
    ]
    if changed:
        record(AuditEvent.Action.ACCOUNT_CHANGED, subject=instance, detail=", ".join(changed))


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="csssl.audit.roles")
def _roles_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """A role given or taken away, from either side (``user.groups`` or ``group.user_set``)."""
    if action == "pre_clear":
        users = [instance] if not reverse else list(instance.user_set.all())
        groups = None if not reverse else [instance]
        for user in users:
            for group in groups or user.groups.all():
                record(AuditEvent.Action.ROLE_REMOVED, subject=user, detail=group.name)
        return
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    kind = AuditEvent.Action.ROLE_ADDED if action == "post_add" else AuditEvent.Action.ROLE_REMOVED
    if reverse:  # group.user_set.add(users)
        for user in User.objects.filter(pk__in=pk_set):
            record(kind, subject=user, detail=instance.name)
    else:
        for name in model.objects.filter(pk__in=pk_set).values_list("name", flat=True):
            record(kind, subject=instance, detail=name)


# --- Reading: the three records as one ----------------------------------------------------------


def tracked_models() -> list[type[models.Model]]:
    """The project's models with a history, in a steady order."""
    found = [
        model
        for model in registered_models.values()
        if model._meta.app_label in PROJECT_APPS and not model._meta.abstract
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def kinds() -> list[tuple[str, str]]:
    """What the trail can be narrowed to: each kind of record, by name."""
    return [
        (ACCOUNT_KIND, "Sign-ins, roles and accounts"),
        (ADMIN_KIND, "Changes made in the admin panel"),
    ] + [
        (model._meta.label_lower, str(model._meta.verbose_name_plural).capitalize())
        for model in tracked_models()
    ]


@dataclass(frozen=True)
class TrailFilter:
    kind: str = ""
    action: str = ""
    actor: str = ""  # part of the email address of the person who acted
    start: date | None = None
    end: date | None = None  # inclusive
    start_at: datetime | None = None
    end_at: datetime | None = None  # exclusive; the UK day after ``end``


def _columns(
    queryset: models.QuerySet,
    *,
    at: str,
    actor: str,
    kind: Any,
    action: Any,
    object_id: Any,
    detail: Any,
    reason: Any,
    pk: str,
) -> models.QuerySet:
    text = CharField()
    return queryset.annotate(
        t_at=F(at),
        t_actor=F(actor),
        t_kind=kind,
        t_action=action,
        t_object=Cast(object_id, text),
        t_detail=detail,
        t_reason=reason,
        t_pk=F(pk),
    ).values("t_at", "t_actor", "t_kind", "t_action", "t_object", "t_detail", "t_reason", "t_pk")


def _narrowed(queryset, *, filters: TrailFilter, at: str, actor: str) -> models.QuerySet:
    if filters.actor:
        queryset = queryset.filter(**{f"{actor}__email__icontains": filters.actor})
    if filters.start_at:
        queryset = queryset.filter(**{f"{at}__gte": filters.start_at})
    if filters.end_at:
        queryset = queryset.filter(**{f"{at}__lt": filters.end_at})
    return queryset


def _mapped(field_name: str, mapping: dict) -> Case:
    return Case(
        *(When(**{field_name: key}, then=Value(value)) for key, value in mapping.items()),
        default=Value(""),
        output_field=CharField(),
    )


def _history_rows(model, filters: TrailFilter) -> models.QuerySet | None:
    if filters.action and filters.action not in _HISTORY_ACTIONS.values():
        return None
    queryset = _narrowed(
        model.history.all(), filters=filters, at="history_date", actor="history_user"
    )
    if filters.action:
        wanted = next(key for key, value in _HISTORY_ACTIONS.items() if value == filters.action)
        queryset = queryset.filter(history_type=wanted)
    return _columns(
        queryset.order_by(),
        at="history_date",
        actor="history_user_id",
        kind=Value(model._meta.label_lower, output_field=CharField()),
        action=_mapped("history_type", _HISTORY_ACTIONS),
        object_id="id",
        detail=Value("", output_field=CharField()),
        reason=Coalesce("history_change_reason", Value(""), output_field=CharField()),
        pk="history_id",
    )


def _admin_rows(filters: TrailFilter) -> models.QuerySet | None:
    if filters.action and filters.action not in _ADMIN_ACTIONS.values():
        return None
    queryset = _narrowed(LogEntry.objects.all(), filters=filters, at="action_time", actor="user")
    if filters.action:
        wanted = next(key for key, value in _ADMIN_ACTIONS.items() if value == filters.action)
        queryset = queryset.filter(action_flag=wanted)
    return _columns(
        queryset.order_by(),
        at="action_time",
        actor="user_id",
        kind=Value(ADMIN_KIND, output_field=CharField()),
        action=_mapped("action_flag", _ADMIN_ACTIONS),
        object_id="object_id",
        detail=F("object_repr"),
        reason=Value("", output_field=CharField()),
        pk="id",
    )


def _account_rows(filters: TrailFilter) -> models.QuerySet | None:
    if filters.action and filters.action not in AuditEvent.Action.values:
        return None
    queryset = _narrowed(AuditEvent.objects.all(), filters=filters, at="at", actor="actor")
    if filters.action:
        queryset = queryset.filter(action=filters.action)
    return _columns(
        queryset.order_by(),
        at="at",
        actor="actor_id",
        kind=Value(ACCOUNT_KIND, output_field=CharField()),
        action=F("action"),
        object_id=Coalesce("subject_id", Value(0)),
        detail=F("detail"),
        reason=Value("", output_field=CharField()),
        pk="id",
    )


def trail(filters: TrailFilter = TrailFilter()) -> models.QuerySet:
    """Every entry the filters allow, newest first, as one query (a UNION ALL of the
    histories, the admin log and the account events). Each row is a dict of ``t_*`` values;
    :func:`entries` turns a page of them into what a person reads."""
    parts: list[models.QuerySet] = []
    if filters.kind in ("", ACCOUNT_KIND):
        parts.append(_account_rows(filters))
    if filters.kind in ("", ADMIN_KIND):
        parts.append(_admin_rows(filters))
    for model in tracked_models():
        if filters.kind in ("", model._meta.label_lower):
            parts.append(_history_rows(model, filters))
    parts = [part for part in parts if part is not None]
    if not parts:
        return AuditEvent.objects.none().values("id")
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-t_at", "-t_pk")


# --- A page of the trail, as people read it -----------------------------------------------------


@dataclass
class Entry:
    at: datetime
    actor: User | None
    action: str
    kind: str  # what sort of record, by name
    record: str  # which one
    changes: list[str] = field(default_factory=list)
    reason: str = ""
    history_url: tuple[str, str] | None = None  # (URL name, object id) of its history page

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)

    @property
    def when(self) -> str:
        return short_moment(self.at) or ""


def _shown(model_field: models.Field, value: Any) -> str | None:
    """A value the trail may show: a choice, a yes/no, a date. Anything else (text, numbers,
    links to other rows) is named, not shown."""
    if value in (None, ""):
        return "blank" if model_field.choices or isinstance(model_field, models.DateField) else None
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "yes" if value else "no"
    if isinstance(model_field, models.DateTimeField):
        return short_moment(value)
    if isinstance(model_field, models.DateField):
        return short_date(value)
    return None


def _is_reason(model_field: models.Field) -> bool:
    return model_field.name == "reason" or model_field.name.endswith("_reason")


def _changes(model, record, previous, hidden=frozenset()) -> list[str]:
    """The fields a save changed, by name; with their values where :func:`_shown` allows.
    A reason field is left to :func:`_reason`."""
    skipped = {"id", "history_id", "history_date", "history_user", "history_type"}
    skipped |= {"history_change_reason", "history_relation"}
    said = []
    for model_field in model._meta.concrete_fields:
        if model_field.attname in skipped or model_field.name in skipped:
            continue
        if _is_reason(model_field) or model_field.name in hidden:
            continue
        before = getattr(previous, model_field.attname, None)
        after = getattr(record, model_field.attname, None)
        if before == after:
            continue
        name = str(model_field.verbose_name)
        old, new = _shown(model_field, before), _shown(model_field, after)
        said.append(f"{name}: {old} → {new}" if old is not None and new is not None else name)
    return said


def _reason(model, record, previous, hidden=frozenset()) -> str:
    """Why, where the product asked: the reason a service gave the history, or a reason field
    (a decision's, a withdrawal's, a declined offer's) that this save filled in."""
    if record.history_change_reason:
        return record.history_change_reason
    for model_field in model._meta.concrete_fields:
        if not _is_reason(model_field) or model_field.name in hidden:
            continue
        value = getattr(record, model_field.attname, "")
        if value and (previous is None or getattr(previous, model_field.attname, "") != value):
            return str(value)
    return ""


def _history_entries(
    model, rows: list[dict], hidden=frozenset()
) -> dict[int, tuple[str, list[str], str]]:
    """The record's name, what changed and why, for a page's rows of one history: two
    queries."""
    history = model.history.model
    previous_id = (
        history.objects.filter(
            id=models.OuterRef("id"), history_date__lt=models.OuterRef("history_date")
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    records = list(
        history.objects.filter(history_id__in=[row["t_pk"] for row in rows]).annotate(
            previous_id=models.Subquery(previous_id)
        )
    )
    previous = history.objects.in_bulk([r.previous_id for r in records if r.previous_id])
    name = str(model._meta.verbose_name).capitalize()
    found = {}
    for item in records:
        before = previous.get(item.previous_id)
        changes = _changes(model, item, before, hidden) if before is not None else []
        found[item.history_id] = (
            f"{name} {item.id}",
            changes,
            _reason(model, item, before, hidden),
        )
    return found


def entries(rows: list[dict], hidden: dict[str, frozenset[str]] | None = None) -> list[Entry]:
    """A page of the trail's rows made readable, in a handful of queries whatever its length:
    the people who acted, and two for each kind of record on the page. ``hidden`` names, by
    model label, the fields the reader may not see (their history pages hide them too)."""
    hidden = hidden or {}
    actors = User.objects.in_bulk({row["t_actor"] for row in rows if row["t_actor"]})
    by_kind: dict[str, list[dict]] = {}
    for row in rows:
        by_kind.setdefault(row["t_kind"], []).append(row)
    named: dict[tuple[str, int], tuple[str, list[str], str, str]] = {}
    models_by_label = {model._meta.label_lower: model for model in tracked_models()}
    for kind, these in by_kind.items():
        pks = [row["t_pk"] for row in these]
        if kind == ACCOUNT_KIND:
            events = AuditEvent.objects.select_related("subject").in_bulk(pks)
            for pk, event in events.items():
                who = event.subject.display_name if event.subject else "a deleted account"
                changes = [event.detail] if event.detail else []
                named[(kind, pk)] = (f"Account of {who}", changes, "Account", "")
        elif kind == ADMIN_KIND:
            logged = LogEntry.objects.select_related("content_type").in_bulk(pks)
            for pk, entry in logged.items():
                what = entry.content_type.name.capitalize() if entry.content_type else "Record"
                message = entry.get_change_message()
                named[(kind, pk)] = (
                    f"{what} “{entry.object_repr}”",
                    [message] if message else [],
                    "Admin panel",
                    "",
                )
        elif kind in models_by_label:
            model = models_by_label[kind]
            label = str(model._meta.verbose_name_plural).capitalize()
            for pk, (record_name, changes, why) in _history_entries(
                model, these, hidden.get(kind, frozenset())
            ).items():
                named[(kind, pk)] = (record_name, changes, label, why)
    result = []
    for row in rows:
        record_name, changes, kind_label, why = named.get(
            (row["t_kind"], row["t_pk"]), (row["t_object"], [], row["t_kind"], "")
        )
        history_url = None
        if row["t_kind"] in models_by_label:
            meta = models_by_label[row["t_kind"]]._meta
            history_url = (f"admin:{meta.app_label}_{meta.model_name}_history", row["t_object"])
        result.append(
            Entry(
                at=row["t_at"],
                actor=actors.get(row["t_actor"]),
                action=row["t_action"],
                kind=kind_label,
                record=record_name,
                changes=changes,
                reason=why,
                history_url=history_url,
            )
        )
    return result


def connect() -> None:
    """Listen for sign-ins (called from the app's ready(), beside the model signals above)."""
    from django.contrib.auth.signals import user_logged_in, user_login_failed

    user_logged_in.connect(staff_signed_in, dispatch_uid="csssl.audit.signed_in")
    user_login_failed.connect(sign_in_failed, dispatch_uid="csssl.audit.sign_in_failed")


__all__ = ["Entry", "TrailFilter", "entries", "kinds", "record", "trail"]
