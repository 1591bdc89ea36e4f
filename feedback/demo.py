"""Demo feedback: a year of plausible survey responses, so the managers' reports mean something.

Runs after ``events.demo.seed_past_year`` (the year of past events with attendance), the
buddies' and the groups' demo data. Surveys are written directly (no messages: the demo's
outbox is for the walk-throughs), with the same keys the periodic task uses, so running
again adds nothing and the live task does not ask the same questions again. Seeded: every
run gives the same answers.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import CaregiverProfile
from buddies import selectors as buddy_selectors
from events import selectors as event_selectors
from groups import selectors as group_selectors

from .models import Answer, Invitation, Response, Survey, SurveyKind
from .services import quarter_of

# The step of seed_demo's progress output this module and events.demo.seed_past_year make up.
STEPS = ("A year of attendance and feedback",)
ANSWER_RATE = 0.6
COMMENTS = {
    # Close the loop: read by the pair's coordinating social worker only (feedback.access).
    "follow_up": [
        "Could someone check in with us about respite over the holidays?",
        "All good, thank you. The pairing really helped.",
        "I'd like to be a buddy for someone new myself.",
    ],
    "worked": [
        "Meeting other carers who just get it.",
        "The kai and the chance to talk.",
        "Having childminding so we could listen properly.",
        "Practical tips I can use this week.",
        "Feeling less alone.",
    ],
    "better": [
        "A later start would help after school drop-off.",
        "More time for questions.",
        "Somewhere quieter to talk.",
        "Parking was hard to find.",
        "Hold it closer to the north of the region too.",
    ],
    "all_ok": [
        "All fine, just a busy week.",
        "Sorry, one of the kids was unwell.",
        "Transport fell through. A carpool would help.",
    ],
}


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(19)))


def _survey(key: str, **fields) -> Survey:
    survey, _ = Survey.objects.get_or_create(key=key, defaults=fields)
    return survey


def _rng(*parts) -> random.Random:
    """The same choices for the same survey and person on every run, whatever was made before."""
    return random.Random(":".join(str(p) for p in parts))  # noqa: S311 - demo data, not security


def _answer(survey: Survey, user, when: datetime, values: dict | None = None) -> None:
    rng = _rng(survey.key, user.pk, "answers")
    Invitation.objects.get_or_create(survey=survey, user=user, defaults={"created_at": when, "answered_at": when})
    if Response.objects.filter(survey=survey, user=user).exists():
        return
    response = Response.objects.create(survey=survey, user=user, submitted_at=when, share_name=rng.random() < 0.1)
    rows = []
    for question in survey.questions:
        if values and question.code in values:
            rows.append(Answer(response=response, question=question.code, value=values[question.code]))
        elif question.is_text:
            if rng.random() < 0.5:
                rows.append(Answer(response=response, question=question.code, text=rng.choice(COMMENTS[question.code])))
        else:
            rows.append(Answer(response=response, question=question.code, value=rng.choice((3, 4, 4, 4, 5, 5))))
    Answer.objects.bulk_create(rows)


def seed(*, today: date | None = None) -> int:
    """Responses to event, no-show, buddy, group and wellbeing surveys over the last year.

    1. Each past event: those who came answer the event survey, some no-shows the other one.
    2. Each buddy pair started 30+ days ago: both answer the 30-day survey, and the end-of-pairing
       (close-the-loop) survey if it has ended.
    3. Each group: members answer the last four quarters' surveys.
    4. Each caregiver: a wellbeing baseline a year ago (or at approval) and every 3 months
       since, isolation and stress easing and confidence growing a little each time.
    Returns the number of responses."""
    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.combine(today - timedelta(days=366), time.min))
    for event in event_selectors.events_ended_between(start, timezone.now()):
        came, missed = event_selectors.came_and_missed(event)
        when = event.ends_at + timedelta(hours=20)
        survey = _survey(f"event:{event.pk}", kind=SurveyKind.EVENT, event=event, region=event.region, created_at=when)
        for user in came:
            if _rng(survey.key, user.pk).random() < ANSWER_RATE:
                _answer(survey, user, when)
        if missed:
            no_show = _survey(
                f"no_show:{event.pk}", kind=SurveyKind.NO_SHOW, event=event, region=event.region, created_at=when
            )
            for user in missed:
                if _rng(no_show.key, user.pk).random() < 0.4:
                    _answer(no_show, user, when)

    for match in buddy_selectors.pairs_for_surveys(ended_since=start):
        if (today - match.started_on).days < 30:
            continue
        when = _at(match.started_on + timedelta(days=30))
        region = match.new_caregiver.caregiver_profile.region_id
        survey = _survey(
            f"buddy:{match.pk}:30", kind=SurveyKind.BUDDY_30, match=match, round=30, region_id=region, created_at=when
        )
        for user in (match.new_caregiver, match.buddy):
            _answer(survey, user, when)
        if match.ended_at is not None:
            # The close-the-loop survey at the end (the coordinator sees its follow-up answers).
            ended = match.ended_at + timedelta(hours=20)
            end = _survey(
                f"buddy:{match.pk}:end", kind=SurveyKind.BUDDY_END, match=match, region_id=region, created_at=ended
            )
            for user in (match.new_caregiver, match.buddy):
                _answer(end, user, ended)

    for group, members in group_selectors.groups_with_members().items():
        for quarters_ago in range(4):
            day = today - timedelta(days=91 * quarters_ago)
            quarter = quarter_of(day)
            survey = _survey(
                f"group:{group.pk}:{quarter}", kind=SurveyKind.GROUP, group=group, round=quarter,
                region_id=group.region_id, created_at=_at(day),
            )  # fmt: skip
            for user in members:
                if _rng(survey.key, user.pk).random() < ANSWER_RATE:
                    _answer(survey, user, _at(day))

    for profile in CaregiverProfile.objects.select_related("user").order_by("pk"):
        first = max(profile.approved_on or today, today - timedelta(days=365))
        rng = _rng("wellbeing", profile.user_id)
        isolation, confidence, stress = rng.uniform(3.2, 4.4), rng.uniform(2.0, 3.2), rng.uniform(3.0, 4.2)
        for round_ in range(5):
            day = first + timedelta(days=91 * round_)
            if day > today:
                break
            survey = _survey(
                f"wellbeing:{profile.user_id}:{round_}", kind=SurveyKind.WELLBEING, round=round_,
                region_id=profile.region_id, created_at=_at(day),
            )  # fmt: skip
            values = {
                "isolation": _scale(isolation - 0.3 * round_, rng),
                "confidence": _scale(confidence + 0.3 * round_, rng),
                "stress": _scale(stress - 0.2 * round_, rng),
                "keep_caring": _scale(4.2, rng),
            }
            if round_ == 0 or rng.random() < 0.75:
                _answer(survey, profile.user, _at(day), values)
    return Response.objects.count()


def _scale(centre: float, rng: random.Random) -> int:
    return min(5, max(1, round(centre + rng.uniform(-0.8, 0.8))))
