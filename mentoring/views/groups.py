"""Pages of tutorial groups and action learning sets.

Coordinators set up a cohort's groups, their members and meetings (``/coordinator/cohorts/
<cohort_id>/groups/``); a facilitator opens their own groups and takes each meeting's register
at the door (``/mentor/groups/<group_id>/``), as an event's register is taken: one small POST
form per tap that works without JavaScript, sent by register.js with fetch and answered with
JSON. A group that is not the person's own is a 404, as is every page to anyone without the
role.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from csssl.roles import RoleRequiredMixin
from events.selectors.registers import STATUSES
from events.views.registers import NOTE_LENGTH, MarkForm, NoteForm, row_change_answer
from mentoring.errors import MentoringError
from mentoring.forms.groups import GroupForm, MeetingForm, MembersForm
from mentoring.models import Group, GroupMeeting
from mentoring.rules import can_run_mentoring
from mentoring.selectors import groups as selectors
from mentoring.services import groups as services

# --- Coordinators -----------------------------------------------------------------------------


class CoordinatorMixin(RoleRequiredMixin):
    role_test = staticmethod(can_run_mentoring)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not self.role_test(request.user):
            return super().dispatch(request, *args, **kwargs)
        self.cohort = selectors.coordinator_cohort(cohort_id=kwargs["cohort_id"])
        self.group = None
        if "group_id" in kwargs:
            self.group = selectors.cohort_group(cohort=self.cohort, group_id=kwargs["group_id"])
        return super().dispatch(request, *args, **kwargs)

    def list_url(self, anchor: str = "") -> str:
        url = reverse("mentoring:group_list", args=[self.cohort.pk])
        return f"{url}#{anchor}" if anchor else url

    def page(self, template: str, context: dict, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            f"mentoring/groups/{template}",
            {"cohort": self.cohort, "group": self.group, **context},
            status=status,
        )


class GroupListView(CoordinatorMixin, View):
    def get(self, request: HttpRequest, cohort_id: int) -> HttpResponse:
        return self.page(
            "coordinator_list.html",
            {"summaries": selectors.cohort_groups(cohort=self.cohort)},
        )


class GroupFormView(CoordinatorMixin, View):
    """Create a group of the cohort, or change one."""

    def form_page(self, form: GroupForm, status: int = 200) -> HttpResponse:
        return self.page("coordinator_group_form.html", {"form": form}, status=status)

    def get(self, request: HttpRequest, cohort_id: int, group_id: int | None = None):
        initial = {"kind": Group.Kind.TUTORIAL}
        if self.group:
            initial = {
                "name": self.group.name,
                "kind": self.group.kind,
                "facilitator": self.group.facilitator_id,
                "counts_toward_completion": self.group.counts_toward_completion,
            }
        return self.form_page(GroupForm(initial=initial))

    def post(self, request: HttpRequest, cohort_id: int, group_id: int | None = None):
        form = GroupForm(request.POST)
        if form.is_valid():
            try:
                group = services.group_save(
                    cohort=self.cohort, group=self.group, by=request.user, **form.cleaned_data
                )
            except MentoringError as error:
                form.add_service_error(error)
            else:
                messages.success(request, f"{group.name} saved.")
                return redirect(self.list_url(f"group-{group.pk}"))
        return self.form_page(form, status=400)


class GroupMembersView(CoordinatorMixin, View):
    def form_page(self, form: MembersForm, status: int = 200) -> HttpResponse:
        return self.page("coordinator_members.html", {"form": form}, status=status)

    def get(self, request: HttpRequest, cohort_id: int, group_id: int) -> HttpResponse:
        initial = {"members": list(self.group.members.values_list("pk", flat=True))}
        return self.form_page(MembersForm(group=self.group, initial=initial))

    def post(self, request: HttpRequest, cohort_id: int, group_id: int) -> HttpResponse:
        form = MembersForm(request.POST, group=self.group)
        if form.is_valid():
            try:
                services.group_members_set(
                    group=self.group, participants=form.cleaned_data["members"], by=request.user
                )
            except MentoringError as error:
                form.add_service_error(error)
            else:
                count = len(form.cleaned_data["members"])
                messages.success(
                    request, f"{self.group.name}: {count} member{'s' if count != 1 else ''}."
                )
                return redirect(self.list_url(f"group-{self.group.pk}"))
        return self.form_page(form, status=400)


class MeetingFormView(CoordinatorMixin, View):
    """Add a meeting to a group, or move one (a new time, place or title)."""

    def meeting(self) -> GroupMeeting | None:
        meeting_id = self.kwargs.get("meeting_id")
        if meeting_id is None:
            return None
        return selectors.group_meeting(group=self.group, meeting_id=meeting_id)

    def form_page(self, form, meeting, status: int = 200) -> HttpResponse:
        return self.page(
            "coordinator_meeting_form.html", {"form": form, "meeting": meeting}, status=status
        )

    def get(self, request: HttpRequest, cohort_id: int, group_id: int, meeting_id=None):
        meeting = self.meeting()
        if meeting and meeting.cancelled:
            messages.info(request, "That meeting is cancelled; add a new meeting instead.")
            return redirect(self.list_url(f"group-{self.group.pk}"))
        initial = MeetingForm.initial_for(meeting) if meeting else {}
        return self.form_page(MeetingForm(initial=initial), meeting)

    def post(self, request: HttpRequest, cohort_id: int, group_id: int, meeting_id=None):
        meeting = self.meeting()
        form = MeetingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            details = {
                "starts_at": data["starts_at"],
                "ends_at": data["ends_at"],
                "title": data["title"],
                "place": data["place"],
                "by": request.user,
            }
            try:
                if meeting is None:
                    services.meeting_add(group=self.group, **details)
                    messages.success(request, "Meeting added.")
                elif services.meeting_move(meeting=meeting, **details):
                    messages.success(
                        request, "Meeting changed; its members and facilitator have been told."
                    )
                else:
                    messages.info(request, "Nothing changed.")
            except MentoringError as error:
                form.add_service_error(error)
            else:
                return redirect(self.list_url(f"group-{self.group.pk}"))
        return self.form_page(form, meeting, status=400)


class MeetingCancelView(CoordinatorMixin, View):
    """Asks before cancelling: a cancelled meeting cannot be brought back."""

    def get(self, request: HttpRequest, cohort_id: int, group_id: int, meeting_id: int):
        meeting = selectors.group_meeting(group=self.group, meeting_id=meeting_id)
        return self.page("coordinator_meeting_cancel.html", {"meeting": meeting})

    def post(self, request: HttpRequest, cohort_id: int, group_id: int, meeting_id: int):
        meeting = selectors.group_meeting(group=self.group, meeting_id=meeting_id)
        if services.meeting_cancel(meeting=meeting, by=request.user):
            messages.success(
                request, "Meeting cancelled; its members and facilitator have been told."
            )
        else:
            messages.info(request, "That meeting was already cancelled.")
        return redirect(self.list_url(f"group-{self.group.pk}"))


# --- Facilitators -------------------------------------------------------------------------------


class FacilitatorMixin(LoginRequiredMixin):
    """The group is the person's own (or they are a coordinator): anything else is a 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.group = selectors.facilitated_group(user=request.user, group_id=kwargs["group_id"])
        self.meeting = None
        if "meeting_id" in kwargs:
            self.meeting = selectors.group_meeting(
                group=self.group, meeting_id=kwargs["meeting_id"]
            )
        return super().dispatch(request, *args, **kwargs)


class GroupDetailView(FacilitatorMixin, View):
    def get(self, request: HttpRequest, group_id: int) -> HttpResponse:
        return render(
            request,
            "mentoring/groups/group.html",
            {
                "group": self.group,
                "summary": selectors.group_summary(group=self.group),
                "is_coordinator": can_run_mentoring(request.user),
            },
        )


def _register_url(meeting: GroupMeeting, participant_id: int | None = None) -> str:
    url = reverse("mentoring:group_register", args=[meeting.group_id, meeting.pk])
    return f"{url}#participant-{participant_id}" if participant_id else url


def _register_page(request, *, meeting: GroupMeeting, register, status: int = 200):
    return render(
        request,
        "mentoring/groups/register.html",
        {
            "group": meeting.group,
            "meeting": meeting,
            "register": register,
            "statuses": STATUSES,
            "note_length": NOTE_LENGTH,
            "attendance_open": services.attendance_open(meeting=meeting),
            "attendance_not_yet": services.attendance_not_yet(meeting),
            "on_the_day": services.ON_THE_DAY,
        },
        status=status,
    )


class RegisterView(FacilitatorMixin, View):
    def get(self, request: HttpRequest, group_id: int, meeting_id: int) -> HttpResponse:
        register = selectors.meeting_register(meeting=self.meeting)
        return _register_page(request, meeting=self.meeting, register=register)


class RowChangeView(FacilitatorMixin, View):
    """A change to one member's row of a register, answered as an event register's is: JSON
    for register.js, or back to the row (post / redirect / get); a refusal shows the register
    again with the problem beside the row and what was typed still in its field."""

    form_class: type
    typed: str | None = None

    def post(self, request: HttpRequest, group_id: int, meeting_id: int, participant_id: int):
        meeting = self.meeting
        participant = selectors.register_member(meeting=meeting, participant_id=participant_id)
        return row_change_answer(
            request,
            form=self.form_class(request.POST),
            typed=self.typed,
            participant=participant,
            change=lambda data: self.change(meeting=meeting, participant=participant, data=data),
            refusal=MentoringError,
            register=lambda: selectors.meeting_register(meeting=meeting),
            page=lambda register: _register_page(
                request, meeting=meeting, register=register, status=400
            ),
            row_url=_register_url(meeting, participant.pk),
        )


class MarkView(RowChangeView):
    form_class = MarkForm

    def change(self, *, meeting, participant, data: dict) -> str:
        record = services.meeting_attendance_mark(
            meeting=meeting, participant=participant, status=data["status"], by=self.request.user
        )
        return f"{record.get_status_display()}."


class NoteView(RowChangeView):
    form_class = NoteForm
    typed = "note"

    def change(self, *, meeting, participant, data: dict) -> str:
        record = services.meeting_attendance_note(
            meeting=meeting, participant=participant, note=data["note"], by=self.request.user
        )
        return "note saved." if record.note else "note removed."


class AllPresentView(FacilitatorMixin, View):
    def post(self, request: HttpRequest, group_id: int, meeting_id: int) -> HttpResponse:
        try:
            count = services.meeting_all_present(meeting=self.meeting, by=request.user)
        except MentoringError as error:
            messages.error(request, error.message)
            return redirect(_register_url(self.meeting))
        if count:
            messages.success(
                request,
                f"{count} {'person' if count == 1 else 'people'} marked present. Now tap anyone "
                "late, leaving early, absent or with apologies.",
            )
        else:
            messages.info(request, "Everyone was already marked; nothing changed.")
        return redirect(_register_url(self.meeting))
