"""What people answer in a round: the participant's own self evaluation, the raters they invite,
and the raters' answers.

Answers are kept as ``{"<version quality id>": score or null}`` (null: not able to say), with
the self evaluation's evidence beside them. A rater's saved answers stay on their invitation
only until they submit; the submitted answers then go into a :class:`RaterResponse` that names
the participant, the round and the relationship, never the rater: it has a random key, no
time and no link to the invitation, so nothing held can tie an answer to the person who gave
it. The invitation keeps the rater's name and address only as long as the round needs them
for reminders.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from csssl.links import new_nonce
from evaluations.models.rounds import Relationship, Round

__all__ = ["RaterComment", "RaterInvitation", "RaterResponse", "Relationship", "SelfEvaluation"]


class SelfEvaluation(models.Model):
    """A participant's rating of themselves in a round: saved as they go, submitted once."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="self_evaluations")
    participant = models.ForeignKey(
        "cohorts.Participant", on_delete=models.CASCADE, related_name="self_evaluations"
    )
    #: ``{"<version quality id>": score or null}``: a quality missing is not yet answered.
    scores = models.JSONField(default=dict, blank=True)
    #: ``{"<version quality id>": "evidence"}``, optional.
    evidence = models.JSONField(default=dict, blank=True)
    #: Counts every save, so a save from a page older than the last one is refused kindly.
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "participant"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "participant"], name="self_evaluation_once_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"Self evaluation of {self.participant}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class RaterInvitation(models.Model):
    """A person a participant asked for feedback, and where their answer stands.

    Which rater answered is never shown to anyone: the participant and coordinators see counts
    per relationship. ``name`` and ``email`` are blanked once the round no longer needs them."""

    class State(models.TextChoices):
        INVITED = "invited", "Invited"
        SUBMITTED = "submitted", "Answered"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="invitations")
    participant = models.ForeignKey(
        "cohorts.Participant", on_delete=models.CASCADE, related_name="rater_invitations"
    )
    relationship = models.CharField(max_length=8, choices=Relationship.choices)
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.INVITED)
    #: The rater's link carries this; a new one stops every earlier link.
    nonce = models.CharField(max_length=43, default=new_nonce, editable=False)
    #: What the rater has saved so far, in the shape of a response; emptied when they submit.
    draft = models.JSONField(default=dict, blank=True, editable=False)
    invited_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who added the rater: the participant, or a coordinator.",
    )

    class Meta:
        ordering = ["round", "participant", "relationship", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "participant", "email"],
                condition=~Q(email="") & ~Q(state="withdrawn"),
                name="rater_invited_once_per_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_relationship_display()} of {self.participant}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.INVITED


class RaterResponse(models.Model):
    """One rater's submitted answers: the participant, the round and the relationship, and no
    more. A random key and no time, so neither order nor timing ties it to an invitation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="responses")
    participant = models.ForeignKey(
        "cohorts.Participant", on_delete=models.CASCADE, related_name="rater_responses"
    )
    relationship = models.CharField(max_length=8, choices=Relationship.choices)
    #: ``{"<version quality id>": score or null}``.
    scores = models.JSONField(default=dict)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Answers from a {self.get_relationship_display().lower()}"


class RaterComment(models.Model):
    """A rater's words for the participant, shown without their name and in an order that says
    nothing of who wrote them or when. A coordinator may withhold an abusive one, saying why."""

    class Question(models.TextChoices):
        STRENGTHS = "strengths", "What they do well"
        DEVELOP = "develop", "What they could develop"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(RaterResponse, on_delete=models.CASCADE, related_name="comments")
    question = models.CharField(max_length=10, choices=Question.choices)
    text = models.TextField(max_length=2000)
    withheld_at = models.DateTimeField(null=True, blank=True)
    withheld_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withheld_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["question", "text"]

    def __str__(self) -> str:
        return self.get_question_display()

    @property
    def is_withheld(self) -> bool:
        return self.withheld_at is not None
