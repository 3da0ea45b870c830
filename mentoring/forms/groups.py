"""Forms of the groups pages: a group, its members and a meeting. Their rules are the
services' (``mentoring.services.groups``); a refusal is shown beside the field it names."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from csssl.limits import LengthLimitedForm
from csssl.uktime import in_uk, uk_moment
from mentoring.errors import MentoringError
from mentoring.models import Group, GroupMeeting
from mentoring.selectors import groups as selectors


@dataclass(frozen=True)
class Problem:
    """A line of the error summary: the message and the id of the field it links to."""

    anchor: str
    message: str


class ProblemsMixin:
    """The error summary, and a service's refusal placed beside the fields it names."""

    def problems(self) -> list[Problem]:
        found = []
        for field in self:
            anchor = field.auto_id
            if isinstance(field.field.widget, forms.CheckboxSelectMultiple):
                anchor = f"{anchor}_0"
            found += [Problem(anchor=anchor, message=str(error)) for error in field.errors]
        return found

    def add_service_error(self, error: MentoringError) -> None:
        placed = False
        for name, message in error.errors.items():
            if name in self.fields:
                self.add_error(name, message)
                placed = True
        if not placed:
            self.add_error(None, error.message)


class FacilitatorField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user.display_name} ({user.email})"


class GroupForm(ProblemsMixin, LengthLimitedForm, forms.Form):
    name = forms.CharField(
        max_length=Group._meta.get_field("name").max_length,
        help_text=Group._meta.get_field("name").help_text,
        error_messages={"required": "Give the group a name."},
    )
    kind = forms.ChoiceField(
        choices=Group.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a tutorial group or an action learning set."},
    )
    facilitator = FacilitatorField(
        queryset=selectors.facilitator_choices(),
        help_text="A mentor, tutor or coordinator: they see this group and keep its register.",
        error_messages={
            "required": "Choose who facilitates the group.",
            "invalid_choice": "Choose a mentor, tutor or coordinator to facilitate the group.",
        },
    )
    counts_toward_completion = forms.BooleanField(
        required=False,
        label="Its meetings count toward completion",
        help_text="Members must attend its meetings, apart from those the cohort allows "
        "them to miss.",
    )

    def problems(self) -> list[Problem]:
        found = []
        for field in self:
            anchor = f"{field.auto_id}_0" if field.name == "kind" else field.auto_id
            found += [Problem(anchor=anchor, message=str(error)) for error in field.errors]
        return found


class MemberField(forms.ModelMultipleChoiceField):
    def __init__(self, *args, elsewhere: dict[int, str], **kwargs) -> None:
        self.elsewhere = elsewhere
        super().__init__(*args, **kwargs)

    def label_from_instance(self, participant) -> str:
        label = participant.user.display_name
        if participant.pk in self.elsewhere:
            label += f" (in {self.elsewhere[participant.pk]})"
        return label


class MembersForm(ProblemsMixin, forms.Form):
    def __init__(self, *args, group: Group, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"] = MemberField(
            queryset=selectors.member_choices(cohort=group.cohort),
            elsewhere=selectors.members_elsewhere(group=group),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=f"The cohort's participants. Someone already in another "
            f"{group.get_kind_display().lower()} of the cohort must leave it first.",
            error_messages={"invalid_choice": "Choose only participants of this cohort."},
        )


class MeetingForm(ProblemsMixin, LengthLimitedForm, forms.Form):
    """A meeting's day and times in UK time, its title and place."""

    title = forms.CharField(
        required=False,
        max_length=GroupMeeting._meta.get_field("title").max_length,
        help_text=GroupMeeting._meta.get_field("title").help_text,
    )
    day = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Give the day of the meeting.", "invalid": "Give a real day."},
    )
    starts = forms.TimeField(
        label="Starts at",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="UK time.",
        error_messages={"required": "Give the time it starts.", "invalid": "Give a time."},
    )
    ends = forms.TimeField(
        label="Ends at",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Give the time it ends.", "invalid": "Give a time."},
    )
    place = forms.CharField(
        required=False,
        max_length=GroupMeeting._meta.get_field("place").max_length,
        help_text="A room and building, or Online.",
    )

    @classmethod
    def initial_for(cls, meeting: GroupMeeting) -> dict:
        starts, ends = in_uk(meeting.starts_at), in_uk(meeting.ends_at)
        return {
            "title": meeting.title,
            "day": starts.date(),
            "starts": starts.time(),
            "ends": ends.time(),
            "place": meeting.place,
        }

    def clean(self):
        data = super().clean()
        if all(data.get(name) for name in ("day", "starts", "ends")):
            data["starts_at"] = uk_moment(data["day"], data["starts"])
            data["ends_at"] = uk_moment(data["day"], data["ends"])
        return data

    def add_service_error(self, error: MentoringError) -> None:
        renamed = {"ends_at": "ends", "starts_at": "starts"}
        error.errors = {renamed.get(name, name): message for name, message in error.errors.items()}
        super().add_service_error(error)
