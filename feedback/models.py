"""Feedback surveys: instances of the standard questionnaires (``feedback.bank``),
the invitations that carry a one-click link, and people's responses.

- ``Survey``: one instance of a questionnaire about one thing (an event, a buddy pair
  at a round, a group in a quarter, a caregiver's wellbeing at a round). ``key``
  names the occurrence so the periodic tasks can run any number of times.
- ``Invitation``: a person asked to answer a survey (one per person per survey); the
  link in the message is a signed token of its id (``feedback.services.invitation_token``).
- ``Response``: one per person per survey (a database constraint). Staff never see who
  answered unless ``share_name``; reports are counts with small numbers suppressed.
- ``Answer``: one per question of the bank in a response.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .bank import QUESTIONS, SCALE_LABELS, TEXT


class SurveyKind(models.TextChoices):
    EVENT = "event", _("After an event")
    NO_SHOW = "no_show", _("After an event (did not come)")
    BUDDY_30 = "buddy_30", _("Buddy pair: first month")
    BUDDY_60 = "buddy_60", _("Buddy pair: every 60 days")
    BUDDY_END = "buddy_end", _("Buddy pair: at the end")
    GROUP = "group", _("Peer group: quarterly")
    WELLBEING = "wellbeing", _("Wellbeing check-in")


EVENT_KINDS = (SurveyKind.EVENT, SurveyKind.NO_SHOW)
BUDDY_KINDS = (SurveyKind.BUDDY_30, SurveyKind.BUDDY_60, SurveyKind.BUDDY_END)

# The questions each kind asks, in order (codes of feedback.bank.QUESTIONS).
QUESTIONS_OF = {
    SurveyKind.EVENT: ("overall", "connected", "worked", "better"),
    SurveyKind.NO_SHOW: ("all_ok",),
    SurveyKind.BUDDY_30: ("overall", "buddy_helpful", "worked", "better"),
    SurveyKind.BUDDY_60: ("overall", "buddy_helpful", "worked", "better"),
    SurveyKind.BUDDY_END: ("overall", "buddy_helpful", "worked", "better", "follow_up"),
    SurveyKind.GROUP: ("overall", "group_helpful", "connected", "worked", "better"),
    SurveyKind.WELLBEING: ("isolation", "confidence", "stress", "keep_caring"),
}

# "Kind of support" in the satisfaction report.
SUPPORT_OF = {
    SurveyKind.EVENT: _("Events"),
    SurveyKind.BUDDY_30: _("Buddies"),
    SurveyKind.BUDDY_60: _("Buddies"),
    SurveyKind.BUDDY_END: _("Buddies"),
    SurveyKind.GROUP: _("Peer groups"),
}


class Survey(models.Model):
    kind = models.CharField(max_length=20, choices=SurveyKind.choices)
    key = models.CharField(max_length=80, unique=True, help_text=_("e.g. event:12, buddy:5:90, wellbeing:7:2"))
    # Which round of a repeating survey: buddy days since the start (30, 90, 150…), the
    # group's quarter (2026*4+q), the wellbeing check-in (0 at joining, then 1, 2… every 3 months).
    round = models.PositiveIntegerField(default=0)
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    match = models.ForeignKey("buddies.Match", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # The region it is reported under (the event's, the pair's, the group's, the caregiver's).
    region = models.ForeignKey(
        "accounts.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="surveys"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["region", "created_at"], name="survey_region_created_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SurveyKind.values), name="survey_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind__in=EVENT_KINDS) | Q(event__isnull=False), name="survey_event_kind_has_event"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=BUDDY_KINDS) | Q(match__isnull=False), name="survey_buddy_kind_has_match"
            ),
            models.CheckConstraint(
                condition=~Q(kind=SurveyKind.GROUP) | Q(group__isnull=False), name="survey_group_kind_has_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.key})"

    @property
    def questions(self):
        return [QUESTIONS[code] for code in QUESTIONS_OF[self.kind]]


class Invitation(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    # Kept without the person when their account is closed (mydata.closure): the counts
    # reports add up stay right, so the link is nullable and a deleted person leaves none.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="survey_invitations"
    )
    created_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="survey_invitation_once_per_person")]

    def __str__(self) -> str:
        return f"{self.user} → {self.survey}"


class Response(models.Model):
    """One person's answers to one survey. ``user`` keeps it one per person and lets them
    see their own answers; staff pages never show it unless ``share_name``."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # Kept without the person when their account is closed (mydata.closure): the counts
    # reports add up stay right, so the link is nullable and a deleted person leaves none.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="survey_responses"
    )
    share_name = models.BooleanField(_("share my name with staff"), default=False)
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="survey_response_once_per_person")]

    def __str__(self) -> str:
        return f"Response to {self.survey}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=30, choices=[(code, code) for code in QUESTIONS])
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.CharField(max_length=1000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question"),
            models.CheckConstraint(condition=Q(question__in=list(QUESTIONS)), name="answer_question_in_bank"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5), name="answer_value_1_to_5"
            ),
            # A scale question has a value and no text; a free-text question text and no value.
            models.CheckConstraint(
                condition=(Q(question__in=[c for c, q in QUESTIONS.items() if q.scale == TEXT]) & Q(value__isnull=True))
                | (~Q(question__in=[c for c, q in QUESTIONS.items() if q.scale == TEXT]) & Q(text="")),
                name="answer_matches_its_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value if self.value is not None else self.text[:30]}"

    @property
    def question_text(self) -> str:
        return str(QUESTIONS[self.question].text)

    @property
    def shown(self) -> str:
        """ "4 – Very good", or the text as written."""
        if self.value is None:
            return self.text
        return f"{self.value} – {SCALE_LABELS[QUESTIONS[self.question].scale][self.value - 1]}"
