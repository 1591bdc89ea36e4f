"""Sending surveys and recording answers.

``surveys_send_due`` is run by beat every 15 minutes (``feedback.tasks``). Each kind of
survey is found from the rows that make it due (an event that ended, a pair's start day,
the quarter, a caregiver's joining day), never from far-future ETAs. A survey's ``key``
is unique and so is each invitation (survey, person), and the message's idempotency key
is the survey's: running it twice, or two beat processes at once, sends nothing twice.

The link: ``/feedback/answer/<token>/``, where the token is the invitation's id signed
with the site's secret (``invitation_token``), valid for ``FEEDBACK_LINK_DAYS`` days.
The token alone lets its holder answer that one survey on a phone without signing in
(it shows nothing about anyone, and answering is once only); everything else in the
portal still needs a sign-in.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts import free_text
from accounts.models import CaregiverProfile
from buddies import selectors as buddy_selectors
from events import selectors as event_selectors
from groups import selectors as group_selectors
from notifications.services import notify

from .models import Answer, Invitation, Response, Survey, SurveyKind

EVENT_DELAY = timedelta(hours=3)  # asked a few hours after the event ends
EVENT_LOOKBACK = timedelta(days=7)  # events that ended longer ago are not asked about any more
BUDDY_FIRST_DAYS = 30
BUDDY_EVERY_DAYS = 60
WELLBEING_EVERY_MONTHS = 3
LINK_DAYS = 60
TOKEN_SALT = "feedback.answer"  # noqa: S105 - a signing salt, not a password


class AnswerRefused(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


# --- The privacy hook ----------------------------------------------------------------------


def check_free_text(*, user, text: str) -> list[str]:
    """The one place free-text answers are checked before they are saved: the privacy guard
    (``accounts.free_text``, implemented by ``privacy/`` with the person's protected names).
    Every finding is a reason to reword: answers are read by staff, so nothing that could
    identify a child in care is stored, and there is no "publish anyway" as in discussions."""
    return [str(finding.explanation) for finding in free_text.check(text, author=user)]


# --- Links --------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=TOKEN_SALT, compress=True)


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link names, or None when the link is forged, mangled or too old, or its
    person's account has been closed."""
    try:
        pk = signing.loads(token, salt=TOKEN_SALT, max_age=timedelta(days=LINK_DAYS))
    except signing.BadSignature:
        return None
    invitations = Invitation.objects.filter(pk=pk, user__is_active=True)
    return invitations.select_related("survey__event", "survey__group", "user").first()


# --- Sending ------------------------------------------------------------------------------


def _survey(*, kind: str, key: str, now: datetime, **fields) -> tuple[Survey, bool]:
    try:
        with transaction.atomic():
            return Survey.objects.create(kind=kind, key=key, created_at=now, **fields), True
    except IntegrityError:
        return Survey.objects.get(key=key), False


def _invite(survey: Survey, users, now: datetime, context: dict | None = None) -> int:
    """Invite each of ``users`` not invited yet and write their message; returns invitations made.
    One query for who has been invited already, whatever the number of people."""
    have = set(Invitation.objects.filter(survey=survey).values_list("user_id", flat=True))
    made = 0
    for user in users:
        if user.pk in have:
            continue
        invitation, created = Invitation.objects.get_or_create(survey=survey, user=user, defaults={"created_at": now})
        if not created:  # another worker, just now
            continue
        made += 1
        notify(
            recipient=user,
            kind="survey_invitation",
            key=f"survey:{survey.pk}",
            context={**(context or {}), "survey": survey, "token": invitation_token(invitation)},
            event=survey.event,
        )
    return made


def _existing(keys) -> set[str]:
    return set(Survey.objects.filter(key__in=list(keys)).values_list("key", flat=True))


def surveys_send_due(*, now: datetime | None = None) -> int:
    """Create every survey that has come due and invite its people. Returns invitations made.

    1. Events that ended between EVENT_LOOKBACK and EVENT_DELAY ago: those who came get the
       event survey, those who held a place and did not come the "we missed you" one.
    2. Buddy pairs: at 30 days from the start, then every 60, and once when the pair ends.
    3. Peer groups: once a quarter, to every active member.
    4. Wellbeing: every caregiver at joining, then every 3 months.
    Each survey with its invitations and messages is one transaction."""
    now = now or timezone.now()
    return _event_surveys(now) + _buddy_surveys(now) + _group_surveys(now) + _wellbeing_surveys(now)


def _event_surveys(now: datetime) -> int:
    made = 0
    events = list(event_selectors.events_ended_between(now - EVENT_LOOKBACK, now - EVENT_DELAY))
    # Who came is settled when the first survey is made: an event with either is done.
    done = _existing(f"{kind}:{e.pk}" for e in events for kind in (SurveyKind.EVENT, SurveyKind.NO_SHOW))
    for event in events:
        if {f"{SurveyKind.EVENT}:{event.pk}", f"{SurveyKind.NO_SHOW}:{event.pk}"} & done:
            continue
        came, missed = event_selectors.came_and_missed(event)
        for kind, people in ((SurveyKind.EVENT, came), (SurveyKind.NO_SHOW, missed)):
            if not people:
                continue
            with transaction.atomic():
                survey, _ = _survey(
                    kind=kind, key=f"{kind}:{event.pk}", now=now, event=event, region_id=event.region_id
                )
                made += _invite(survey, people, now)
    return made


def buddy_round_due(started_on: date, today: date) -> int | None:
    """The latest buddy round (days since the start: 30, 90, 150…) due by ``today``, or None."""
    days = (today - started_on).days
    if days < BUDDY_FIRST_DAYS:
        return None
    return BUDDY_FIRST_DAYS + (days - BUDDY_FIRST_DAYS) // BUDDY_EVERY_DAYS * BUDDY_EVERY_DAYS


def _buddy_surveys(now: datetime) -> int:
    made, today = 0, timezone.localdate(now)
    due = []
    for match in buddy_selectors.pairs_for_surveys(ended_since=now - EVENT_LOOKBACK):
        if match.ended_at is not None:
            due.append((match, SurveyKind.BUDDY_END, f"buddy:{match.pk}:end", 0))
            continue
        round_ = buddy_round_due(match.started_on, today)
        if round_ is not None:
            kind = SurveyKind.BUDDY_30 if round_ == BUDDY_FIRST_DAYS else SurveyKind.BUDDY_60
            due.append((match, kind, f"buddy:{match.pk}:{round_}", round_))
    done = _existing(key for _, _, key, _ in due)
    for match, kind, key, round_ in due:
        if key in done:
            continue
        region_id = match.new_caregiver.caregiver_profile.region_id
        with transaction.atomic():
            survey, _ = _survey(kind=kind, key=key, now=now, match=match, round=round_, region_id=region_id)
            made += _invite(survey, [match.new_caregiver, match.buddy], now)
    return made


def quarter_of(day: date) -> int:
    """2026 Q4 → 2026 * 4 + 3: a number that orders quarters."""
    return day.year * 4 + (day.month - 1) // 3


def _group_surveys(now: datetime) -> int:
    """Members who join during the quarter are asked too, on the next run."""
    made, quarter = 0, quarter_of(timezone.localdate(now))
    for group, members in group_selectors.groups_with_members().items():
        with transaction.atomic():
            survey, _ = _survey(
                kind=SurveyKind.GROUP,
                key=f"group:{group.pk}:{quarter}",
                now=now,
                group=group,
                round=quarter,
                region_id=group.region_id,
            )
            made += _invite(survey, members, now, {"group": group})
    return made


def wellbeing_round_due(joined: date, today: date) -> int:
    """0 at joining, then 1, 2… each WELLBEING_EVERY_MONTHS months after."""
    months = (today.year - joined.year) * 12 + today.month - joined.month - (today.day < joined.day)
    return max(months, 0) // WELLBEING_EVERY_MONTHS


def _wellbeing_surveys(now: datetime) -> int:
    made, today = 0, timezone.localdate(now)
    profiles = list(
        CaregiverProfile.objects.filter(user__is_active=True).select_related("user__caregiver_profile").order_by("pk")
    )
    due = {f"wellbeing:{p.user_id}:{wellbeing_round_due(timezone.localdate(p.created_at), today)}": p for p in profiles}
    existing = set(Survey.objects.filter(key__in=list(due)).values_list("key", flat=True))
    for key, profile in due.items():
        if key in existing:
            continue
        with transaction.atomic():
            survey, _ = _survey(
                kind=SurveyKind.WELLBEING,
                key=key,
                now=now,
                round=int(key.rsplit(":", 1)[1]),
                region_id=profile.region_id,
            )
            made += _invite(survey, [profile.user], now)
    return made


# --- Answering ----------------------------------------------------------------------------


def response_submit(*, invitation: Invitation, answers: dict[str, object], share_name: bool) -> Response:
    """Record one person's answers to one survey.

    1. Lock the invitation; refuse a second response (the database's unique constraint is the backstop).
    2. Run the privacy hook on every free-text answer; refuse with the reasons next to the field.
    3. Write the response and its answers, and mark the invitation answered, in one transaction."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("survey").get(pk=invitation.pk)
        if invitation.answered_at is not None:
            raise AnswerRefused(gettext("You have already answered this survey. Thank you."))
        for code in invitation.survey.questions:
            value = answers.get(code.code)
            if code.is_text and value:
                problems = check_free_text(user=invitation.user, text=str(value))
                if problems:
                    raise AnswerRefused(" ".join(problems), field=code.code)
        now = timezone.now()
        response = Response.objects.create(
            survey=invitation.survey, user=invitation.user, share_name=share_name, submitted_at=now
        )
        rows = []
        for question in invitation.survey.questions:
            value = answers.get(question.code)
            if value in (None, ""):
                continue
            if question.is_text:
                rows.append(Answer(response=response, question=question.code, text=str(value).strip()))
            else:
                rows.append(Answer(response=response, question=question.code, value=int(value)))
        Answer.objects.bulk_create(rows)
        invitation.answered_at = now
        invitation.save(update_fields=["answered_at"])
    return response
