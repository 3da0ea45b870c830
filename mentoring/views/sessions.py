"""Mentoring sessions, from either side: the mentor from their mentee's page
(/mentor/mentees/<pairing>/sessions/...), the participant from their mentoring page
(/me/mentoring/sessions/...). Both sides reach the same views through a ``Side``: who is
acting, on which pairing, and how their own addresses are built. Anything not theirs is a
404. Each view reads a form, calls one service and shows what it said."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from cohorts.selectors import participation_for
from cohorts.timeline import calendar_file
from csssl.uktime import long_date, time_on_weekday
from evaluations.errors import EvaluationError
from evaluations.services import reports as report_services
from mentoring import sections
from mentoring.errors import MentoringError
from mentoring.forms.sessions import DebriefForm, FitForm, NoteForm, RecordForm, SessionForm
from mentoring.models import MentoringSession, Pairing
from mentoring.rules import sessions as rules
from mentoring.selectors import pairings as pairing_selectors
from mentoring.selectors import sessions as selectors
from mentoring.services import sessions as services


@dataclass
class Side:
    """The person acting, their side of the pairing, and their own addresses."""

    side: str
    pairing: Pairing
    user: object

    @property
    def is_mentor(self) -> bool:
        return self.side == rules.MENTOR

    @property
    def other(self):
        return rules.other_side(self.pairing, self.side)

    def url(self, action: str, **kwargs) -> str:
        if self.is_mentor:
            return reverse(
                f"mentoring:session_{action}", kwargs={"pairing_id": self.pairing.pk, **kwargs}
            )
        return reverse(f"mentoring:session_me_{action}", kwargs=kwargs)

    @property
    def home(self) -> str:
        """The page the sessions are listed on."""
        if self.is_mentor:
            return reverse("mentoring:mentee", kwargs={"pairing_id": self.pairing.pk})
        return reverse("mentoring:me")

    def session(self, session_id: int) -> MentoringSession:
        if self.is_mentor:
            return selectors.mentee_session(
                user=self.user, pairing_id=self.pairing.pk, session_id=session_id
            )
        return selectors.own_session(participant=self.pairing.participant, session_id=session_id)


def _side(request: HttpRequest, pairing_id: int | None) -> Side:
    """The mentor of this active pairing, or the participant of their own; else a 404."""
    if pairing_id is not None:
        pairing = pairing_selectors.mentee_pairing(user=request.user, pairing_id=pairing_id)
        return Side(rules.MENTOR, pairing, request.user)
    participant = participation_for(user=request.user)
    pairing = participant and pairing_selectors.active_pairing(participant=participant)
    if not pairing:
        raise Http404
    return Side(rules.PARTICIPANT, pairing, request.user)


def _post_only(request: HttpRequest) -> HttpResponse | None:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


# --- Proposing, and the page of one session -------------------------------------------------


@login_required
def session_new(request: HttpRequest, pairing_id: int | None = None) -> HttpResponse:
    """Propose a time and place to the other side."""
    side = _side(request, pairing_id)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.moments()
        try:
            session = services.session_propose(
                pairing=side.pairing,
                by=request.user,
                starts_at=starts_at,
                ends_at=ends_at,
                place=form.cleaned_data["place"],
            )
        except MentoringError as error:
            form.refused(error)
        else:
            messages.success(
                request,
                f"Proposed for {time_on_weekday(session.starts_at)}: {side.other.get_full_name()} "
                "is asked to agree.",
            )
            return redirect(side.url("detail", session_id=session.pk))
    return render(
        request,
        "mentoring/sessions/session_form.html",
        {"side": side, "form": form, "heading": "Propose a mentoring session"},
        status=400 if form.errors else 200,
    )


def _detail(request, side: Side, session: MentoringSession, *, status=200, **forms):
    record = session.record if _has_record(session) else None
    own_note = session.own_notes[0] if session.own_notes else None
    now = timezone.now()
    record_form = forms.get("record_form") or RecordForm(
        initial={
            "themes": record.themes if record else "",
            "actions": record.actions if record else "",
            "seen": record.updated_at.isoformat() if record else "",
        }
    )
    note_form = forms.get("note_form") or NoteForm(
        initial={"text": own_note.text if own_note else ""}
    )
    return render(
        request,
        "mentoring/sessions/session_detail.html",
        {
            "side": side,
            "session": session,
            "record": record,
            "newer": forms.get("newer"),
            "own_note": own_note,
            "record_form": record_form,
            "note_form": note_form,
            "may_agree": rules.may_agree(request.user, session),
            "may_change": rules.may_change(session),
            "may_record_held": rules.may_record_held(session, now),
            "is_held": session.status == MentoringSession.Status.HELD,
        },
        status=status,
    )


@login_required
def session_detail(
    request: HttpRequest, session_id: int, pairing_id: int | None = None
) -> HttpResponse:
    side = _side(request, pairing_id)
    return _detail(request, side, side.session(session_id))


# --- Agreeing, moving, cancelling, recording held ---------------------------------------------


def _action(request, pairing_id, session_id, act, done: str) -> HttpResponse:
    side = _side(request, pairing_id)
    session = side.session(session_id)
    refused = _post_only(request)
    if refused:
        return refused
    try:
        act(side, session)
    except MentoringError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(side.url("detail", session_id=session.pk))


def _sequence(request) -> int | None:
    try:
        return int(request.POST.get("sequence", ""))
    except ValueError:
        return None


@login_required
def session_agree(request, session_id: int, pairing_id: int | None = None) -> HttpResponse:
    return _action(
        request,
        pairing_id,
        session_id,
        lambda side, session: services.session_agree(
            session=session, by=request.user, sequence=_sequence(request)
        ),
        "Agreed. It is in your calendar feed, and the other side is told.",
    )


@login_required
def session_cancel(request, session_id: int, pairing_id: int | None = None) -> HttpResponse:
    return _action(
        request,
        pairing_id,
        session_id,
        lambda side, session: services.session_cancel(session=session, by=request.user),
        "The session is cancelled, and the other side is told.",
    )


@login_required
def session_held(request, session_id: int, pairing_id: int | None = None) -> HttpResponse:
    return _action(
        request,
        pairing_id,
        session_id,
        lambda side, session: services.session_record_held(session=session, by=request.user),
        "Recorded as held. You can now write the record of what you agreed.",
    )


@login_required
def session_move(request, session_id: int, pairing_id: int | None = None) -> HttpResponse:
    """Propose a new time or place for a session still to be held."""
    side = _side(request, pairing_id)
    session = side.session(session_id)
    form = (
        SessionForm(request.POST) if request.method == "POST" else SessionForm.for_session(session)
    )
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.moments()
        try:
            services.session_move(
                session=session,
                by=request.user,
                starts_at=starts_at,
                ends_at=ends_at,
                place=form.cleaned_data["place"],
            )
        except MentoringError as error:
            form.refused(error)
        else:
            messages.success(request, "The new time is proposed: the other side is asked to agree.")
            return redirect(side.url("detail", session_id=session.pk))
    return render(
        request,
        "mentoring/sessions/session_form.html",
        {
            "side": side,
            "form": form,
            "session": session,
            "heading": "Propose a new time",
            "closed": not rules.may_change(session),
        },
        status=400 if form.errors else 200,
    )


# --- The shared record and the private note ---------------------------------------------------


@login_required
def session_record(request, session_id: int, pairing_id: int | None = None) -> HttpResponse:
    side = _side(request, pairing_id)
    session = side.session(session_id)
    refused = _post_only(request)
    if refused:
        return refused
    form = RecordForm(request.POST)
    if form.is_valid():
        try:
            services.record_save(
                session=session,
                by=request.user,
                themes=form.cleaned_data["themes"],
                actions=form.cleaned_data["actions"],
                seen=form.seen_at(),
            )
        except MentoringError as error:
            form.refused(error)
        else:
            messages.success(request, "The record is saved: you both see it.")
            return redirect(side.url("detail", session_id=session.pk))
    session = side.session(session_id)
    newer = session.record if _has_record(session) else None
    if newer is not None and form.is_valid() and form.seen_at() == newer.updated_at:
        newer = None
    if newer is not None:
        # Saving again replaces what the other side saved, now that it has been shown.
        data = form.data.copy()
        data["seen"] = newer.updated_at.isoformat()
        form.data = data
    return _detail(request, side, session, status=400, record_form=form, newer=newer)


def _has_record(session) -> bool:
    try:
        return session.record is not None
    except MentoringSession.record.RelatedObjectDoesNotExist:
        return False


@login_required
def session_note(request, session_id: int, pairing_id: int | None = None) -> HttpResponse:
    side = _side(request, pairing_id)
    session = side.session(session_id)
    refused = _post_only(request)
    if refused:
        return refused
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            note = services.private_note_save(
                session=session, by=request.user, text=form.cleaned_data["text"]
            )
        except MentoringError as error:
            form.refused(error)
        else:
            messages.success(
                request, "Your private note is saved." if note else "Your private note is deleted."
            )
            return redirect(side.url("detail", session_id=session.pk))
    return _detail(request, side, session, status=400, note_form=form)


# --- Is the pairing working? ------------------------------------------------------------------


@login_required
def session_fit(request, pairing_id: int | None = None) -> HttpResponse:
    """The one private question after the first session held."""
    side = _side(request, pairing_id)
    found = selectors.pairing_sessions(pairing=side.pairing, side=side.side, user=request.user)
    if not found.fit_asked:
        if request.method == "POST" and found.fit_answered:
            # A second click on "Send my answer": the first was taken.
            messages.info(request, "Your answer is with the programme team already.")
            return redirect(side.home)
        raise Http404
    form = FitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.fit_answer(
                pairing=side.pairing,
                by=request.user,
                works=form.cleaned_data["works"],
                comment=form.cleaned_data["comment"],
            )
        except MentoringError as error:
            form.refused(error)
        else:
            messages.success(request, "Thank you: your answer is with the programme team.")
            return redirect(side.home)
    return render(
        request,
        "mentoring/sessions/fit.html",
        {"side": side, "form": form},
        status=400 if form.errors else 200,
    )


# --- The debrief of a report held for it (the mentor) -----------------------------------------


@login_required
def session_debrief(request, pairing_id: int, report_id: int) -> HttpResponse:
    """The mentor records the debrief that releases their mentee's report (the evaluations
    app's service decides who may)."""
    side = _side(request, pairing_id)
    report = selectors.mentee_report(participant=side.pairing.participant, report_id=report_id)
    if report.is_released:
        if request.method == "POST" and report.debrief_on is not None:
            # A second click on "Record the debrief": the first released the report.
            messages.info(request, "The debrief is recorded already, and the report released.")
            return redirect(side.home)
        raise Http404
    form = DebriefForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = report_services.debrief_record(
                report=report, held_on=form.cleaned_data["held_on"], by=request.user
            )
        except EvaluationError as error:
            form.refused(MentoringError(error.message, errors=error.errors))
        else:
            messages.success(
                request,
                f"The debrief of {long_date(report.debrief_on)} is recorded, and the report is "
                f"released to {side.pairing.participant.user.get_full_name()}.",
            )
            return redirect(side.home)
    return render(
        request,
        "mentoring/sessions/debrief.html",
        {"side": side, "form": form, "report": report},
        status=400 if form.errors else 200,
    )


# --- The mentor's calendar feed ---------------------------------------------------------------


def mentor_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The mentor's calendar: their sessions and group meetings, from every topic's calendar
    entries. Calendar apps fetch it without signing in, so the secret address is the key."""
    feed = selectors.feed_by_token(token)
    return HttpResponse(
        calendar_file(
            sections.calendar_entries(user=feed.mentor.user, now=timezone.now()),
            name="Mentoring",
        ),
        content_type="text/calendar; charset=utf-8",
    )


@login_required
def session_calendar_reset(request: HttpRequest) -> HttpResponse:
    mentor = pairing_selectors.mentor_of(request.user)
    if mentor is None:
        raise Http404
    refused = _post_only(request)
    if refused:
        return refused
    feed = selectors.mentor_feed(mentor)
    feed.token = secrets.token_urlsafe()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    messages.success(
        request,
        "Your calendar address is new. Add it to your calendar again: the old one no longer works.",
    )
    return redirect(reverse("mentoring:workspace") + "#calendar")
