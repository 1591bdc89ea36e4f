"""Operations on buddy matches: the new caregiver's choice, offers, answers,
expiry, check-ins, the fit check and the end of a pair.

Locking rule: every write about a new caregiver's matches first locks that
caregiver's user row, and every offer locks the buddy's profile row before
counting their load, so two offers cannot both take a buddy's last place and a
caregiver cannot end up with two live matches (the ``match_one_live`` constraint
is the backstop). Messages go into the outbox in the same transaction.

``match_transition`` is the only code that changes ``Match.status``.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from notifications.services import notify

from .matching import Suggestion
from .models import (
    HOLDS_A_PLACE,
    BuddyProfile,
    CheckIn,
    EndReason,
    Enquiry,
    FitCheck,
    Match,
    MatchStatus,
    months_ago,
)


class MatchRefused(Exception):
    """The change cannot be made; ``field`` says which form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def months_later(day: date, months: int) -> date:
    return months_ago(day, -months)


def match_transition(*, match: Match, to: str, by=None, now=None) -> Match:
    """Move ``match`` to status ``to``, stamping the matching time; refuse any move
    the lifecycle does not allow (``models.TRANSITIONS``). The caller holds the locks
    and saves nothing else on the row in between."""
    if not match.can_move_to(to):
        raise MatchRefused(
            gettext("This match cannot go from “%(from)s” to “%(to)s”.")
            % {"from": match.get_status_display(), "to": MatchStatus(to).label}
        )
    now = now or timezone.now()
    match.status = to
    if to == MatchStatus.OFFERED:
        match.offered_at = now
        match.offer_expires_at = now + timedelta(hours=settings.BUDDY_OFFER_HOURS)
    elif to in (MatchStatus.ACCEPTED, MatchStatus.DECLINED, MatchStatus.EXPIRED):
        match.responded_at = now
    elif to == MatchStatus.ENDED:
        match.ended_at = now
        match.ended_by = by
    match.save()
    return match


def _lock_caregiver(user) -> None:
    User.objects.select_for_update().filter(pk=user.pk).first()


def _social_worker_of(user):
    profile = getattr(user, "caregiver_profile", None)
    return profile.social_worker if profile is not None else None


def _tell_social_worker(*, new_caregiver, kind: str, key: str, context: dict) -> None:
    worker = _social_worker_of(new_caregiver)
    if worker is not None and worker.is_active:
        notify(recipient=worker, kind=kind, key=key, context={**context, "new_caregiver": new_caregiver})


# --- Choosing and offering ------------------------------------------------------------


def buddy_choose(*, new_caregiver, chosen: Suggestion, others: list[Suggestion]) -> Match:
    """The new caregiver chose a buddy among their suggestions.

    1. Lock the caregiver; refuse if they already have an open offer or a buddy.
    2. Withdraw earlier next choices; record the chosen buddy as choice 1 and
       the other suggestions shown as choices 2, 3… (the offer passes to them in
       that order if the chosen buddy declines or does not answer in time).
    3. Offer to the first choice that still has room (``_offer_next``).
    """
    with transaction.atomic():
        _lock_caregiver(new_caregiver)
        if Match.objects.live().filter(new_caregiver=new_caregiver).exists():
            raise MatchRefused(gettext("You already have a buddy or an offer waiting for an answer."))
        _withdraw_choices(new_caregiver)
        for rank, suggestion in enumerate([chosen, *others], start=1):
            Match.objects.create(
                new_caregiver=new_caregiver,
                buddy_id=suggestion.candidate.user_id,
                status=MatchStatus.SUGGESTED,
                choice_rank=rank,
                score=suggestion.score,
                reasons=suggestion.reason_text[:400],
            )
        offered = _offer_next(new_caregiver)
        if offered is None:
            raise MatchRefused(gettext("None of these buddies has room any more. Please choose again."))
        return offered


def buddy_set_aside(*, new_caregiver, shown: list[Suggestion]) -> None:
    """ "Show me different people": the suggestions shown are not suggested again."""
    with transaction.atomic():
        _lock_caregiver(new_caregiver)
        already = set(Match.objects.filter(new_caregiver=new_caregiver).values_list("buddy_id", flat=True))
        Match.objects.bulk_create(
            Match(
                new_caregiver=new_caregiver,
                buddy_id=s.candidate.user_id,
                status=MatchStatus.PASSED,
                score=s.score,
                reasons=s.reason_text[:400],
            )
            for s in shown
            if s.candidate.user_id not in already
        )


def buddy_assign(*, new_caregiver, buddy, by, suggestion: Suggestion | None = None) -> Match:
    """A social worker assigns a buddy directly: the buddy still gets the offer to accept."""
    with transaction.atomic():
        _lock_caregiver(new_caregiver)
        if Match.objects.live().filter(new_caregiver=new_caregiver).exists():
            raise MatchRefused(gettext("This caregiver already has a buddy or an offer waiting for an answer."))
        if buddy.pk == new_caregiver.pk:
            raise MatchRefused(gettext("A caregiver cannot be their own buddy."), field="buddy")
        _withdraw_choices(new_caregiver)
        match = Match.objects.create(
            new_caregiver=new_caregiver,
            buddy=buddy,
            status=MatchStatus.SUGGESTED,
            choice_rank=1,
            assigned_by=by,
            score=suggestion.score if suggestion else 0,
            reasons=suggestion.reason_text[:400] if suggestion else "",
        )
        if not _offer(match):
            raise MatchRefused(gettext("This buddy has no room for another new caregiver now."), field="buddy")
        return match


def _withdraw_choices(new_caregiver) -> None:
    for match in Match.objects.filter(new_caregiver=new_caregiver, status=MatchStatus.SUGGESTED):
        match_transition(match=match, to=MatchStatus.WITHDRAWN)


def _offer(match: Match) -> bool:
    """Offer ``match`` to its buddy if they still can take someone; False (and withdrawn) if not."""
    profile = BuddyProfile.objects.select_for_update().filter(user_id=match.buddy_id).first()
    eligible = profile is not None and BuddyProfile.objects.eligible().filter(pk=profile.pk).exists()
    if not eligible:
        match_transition(match=match, to=MatchStatus.WITHDRAWN)
        return False
    match_transition(match=match, to=MatchStatus.OFFERED)
    notify(
        recipient=match.buddy,
        kind="buddy_offer",
        key=f"match:{match.pk}:offered",
        context={"match": match, "new_caregiver": match.new_caregiver, "hours": settings.BUDDY_OFFER_HOURS},
    )
    return True


def _offer_next(new_caregiver) -> Match | None:
    """Offer to the caregiver's next choice with room; if there is none, tell their
    social worker that nobody accepted (once per run out, keyed by the last match)."""
    last = None
    for match in Match.objects.filter(new_caregiver=new_caregiver, status=MatchStatus.SUGGESTED).order_by(
        "choice_rank", "pk"
    ):
        last = match
        if _offer(match):
            return match
    latest = Match.objects.filter(new_caregiver=new_caregiver).order_by("-pk").first()
    if latest is not None and latest.status in (MatchStatus.DECLINED, MatchStatus.EXPIRED, MatchStatus.WITHDRAWN):
        _tell_social_worker(
            new_caregiver=new_caregiver,
            kind="buddy_nobody_accepted",
            key=f"match:{(last or latest).pk}:nobody-accepted",
            context={},
        )
    return None


def offer_respond(*, match: Match, accept: bool) -> Match:
    """The buddy accepts or declines an offer.

    1. Lock the new caregiver, then re-read the match; refuse unless it is still an open offer.
    2. Accept: set the planned end, withdraw the caregiver's other choices, tell them.
       Decline: pass the offer to the caregiver's next choice.
    """
    with transaction.atomic():
        _lock_caregiver(match.new_caregiver)
        match = Match.objects.select_related("new_caregiver__caregiver_profile", "buddy").get(pk=match.pk)
        if match.status != MatchStatus.OFFERED or timezone.now() >= match.offer_expires_at:
            raise MatchRefused(gettext("This offer is no longer open."))
        if accept:
            match_transition(match=match, to=MatchStatus.ACCEPTED)
            _withdraw_choices(match.new_caregiver)
            notify(
                recipient=match.new_caregiver,
                kind="buddy_accepted",
                key=f"match:{match.pk}:accepted",
                context={"match": match, "buddy": match.buddy},
            )
            _tell_social_worker(
                new_caregiver=match.new_caregiver,
                kind="buddy_paired",
                key=f"match:{match.pk}:paired",
                context={"match": match, "buddy": match.buddy},
            )
        else:
            match_transition(match=match, to=MatchStatus.DECLINED)
            _offer_next(match.new_caregiver)
        return match


def offers_expire(now=None) -> int:
    """Offers unanswered after BUDDY_OFFER_HOURS expire and pass to the next choice.

    Each offer is claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` and its status
    checked again under the caregiver's lock, so two runs at once, or a run racing
    the buddy's answer, expire each offer once. Returns the number expired."""
    now = now or timezone.now()
    expired = 0
    due = list(
        Match.objects.filter(status=MatchStatus.OFFERED, offer_expires_at__lte=now).values_list(
            "pk", "new_caregiver_id"
        )
    )
    for pk, new_caregiver_id in due:
        with transaction.atomic():
            new_caregiver = User.objects.select_for_update(skip_locked=True).filter(pk=new_caregiver_id).first()
            if new_caregiver is None:
                continue
            match = (
                Match.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=MatchStatus.OFFERED, offer_expires_at__lte=now)
                .first()
            )
            if match is None:
                continue
            match_transition(match=match, to=MatchStatus.EXPIRED, now=now)
            _offer_next(new_caregiver)
            expired += 1
    return expired


# --- A pair in progress -------------------------------------------------------------------


def check_in_log(*, match: Match, by, contact_type: str, happened_on: date, topic=None) -> CheckIn:
    """Either of the pair logs a contact; the first one makes the pair active."""
    with transaction.atomic():
        match = Match.objects.select_for_update().get(pk=match.pk)
        if match.status not in (MatchStatus.ACCEPTED, MatchStatus.ACTIVE):
            raise MatchRefused(gettext("Contacts can be logged only while the pair is together."))
        if happened_on > timezone.localdate():
            raise MatchRefused(gettext("The date cannot be in the future."), field="happened_on")
        check_in = CheckIn.objects.create(
            match=match, logged_by=by, contact_type=contact_type, happened_on=happened_on, topic=topic
        )
        if match.status == MatchStatus.ACCEPTED:
            match.started_on = min(happened_on, timezone.localdate())
            match.planned_end_on = months_later(match.started_on, settings.BUDDY_MATCH_MONTHS)
            match_transition(match=match, to=MatchStatus.ACTIVE)
        return check_in


def fit_check_record(*, match: Match, by, fit: str, tell_social_worker: bool) -> Match:
    """After the first contact each of the pair says how it is going. Private: the other
    person is never told; "tell my social worker" sends it to the new caregiver's social worker."""
    with transaction.atomic():
        match = (
            Match.objects.select_for_update(of=("self",))
            .select_related("new_caregiver__caregiver_profile")
            .get(pk=match.pk)
        )
        if match.status != MatchStatus.ACTIVE:
            raise MatchRefused(gettext("The fit check opens after your first contact."))
        side = match.party(by)
        setattr(match, "fit_new" if side == "new" else "fit_buddy", fit)
        match.save(update_fields=["fit_new", "fit_buddy", "updated_at"])
        if tell_social_worker:
            _tell_social_worker(
                new_caregiver=match.new_caregiver,
                kind="buddy_fit_check",
                # The same answer on the same day is one message (a double click, a re-post);
                # a changed answer is news and is sent.
                key=f"match:{match.pk}:fit:{side}:{fit}:{timezone.localdate().isoformat()}",
                context={"match": match, "by": by, "fit": FitCheck(fit).label},
            )
        return match


def match_end(*, match: Match, by, reason: str, feedback: str = "") -> Match:
    """End a pair (either of them, or their social worker).

    1. Lock and move to ended with the reason; keep the person's feedback on their side.
    2. Tell the other person; invite the new caregiver to become a buddy themselves later.
    """
    with transaction.atomic():
        match = (
            Match.objects.select_for_update(of=("self",))
            .select_related("new_caregiver__caregiver_profile", "buddy")
            .get(pk=match.pk)
        )
        match.end_reason = reason
        side = match.party(by)
        if side == "new":
            match.feedback_new = feedback
        elif side == "buddy":
            match.feedback_buddy = feedback
        match_transition(match=match, to=MatchStatus.ENDED, by=by)
        for person in (match.new_caregiver, match.buddy):
            if person.pk == by.pk:
                continue
            notify(
                recipient=person,
                kind="buddy_match_ended",
                key=f"match:{match.pk}:ended",
                context={"match": match, "invite_to_buddy": person.pk == match.new_caregiver_id},
            )
        return match


def pairs_complete(today: date | None = None) -> int:
    """Active pairs past their planned end (BUDDY_MATCH_MONTHS after the first contact)
    end as completed: both are told and asked for feedback, and the new caregiver is
    invited to be a buddy later. Each pair is claimed under its lock, so runs at once
    end it once. Returns the number ended."""
    today = today or timezone.localdate()
    ended = 0
    due = Match.objects.filter(status=MatchStatus.ACTIVE, planned_end_on__lte=today).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            match = (
                Match.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("new_caregiver", "buddy")
                .filter(pk=pk, status=MatchStatus.ACTIVE, planned_end_on__lte=today)
                .first()
            )
            if match is None:
                continue
            match.end_reason = EndReason.COMPLETED
            match_transition(match=match, to=MatchStatus.ENDED)
            for person in (match.new_caregiver, match.buddy):
                notify(
                    recipient=person,
                    kind="buddy_match_ended",
                    key=f"match:{match.pk}:ended",
                    context={"match": match, "invite_to_buddy": person.pk == match.new_caregiver_id},
                )
            ended += 1
    return ended


def match_feedback(*, match: Match, by, feedback: str) -> Match:
    """Short feedback on a pair that has ended, from either of them."""
    with transaction.atomic():
        match = Match.objects.select_for_update().get(pk=match.pk)
        if match.status != MatchStatus.ENDED:
            raise MatchRefused(gettext("Feedback is asked for when the pair ends."))
        if match.party(by) == "new":
            match.feedback_new = feedback
        else:
            match.feedback_buddy = feedback
        match.save(update_fields=["feedback_new", "feedback_buddy", "updated_at"])
        return match


def buddy_profile_for(user) -> BuddyProfile:
    return BuddyProfile.objects.get_or_create(user=user)[0]


def load_of(user) -> int:
    return Match.objects.filter(buddy=user, status__in=HOLDS_A_PLACE).count()


def enquiry_outcome_log(*, enquiry: Enquiry) -> Enquiry:
    """Record what came of an enquiry (``enquiry`` carries the new values)."""
    enquiry.outcome_at = timezone.now()
    enquiry.save(update_fields=["ambassador", "outcome", "outcome_note", "outcome_at"])
    return enquiry


def pairs_leave(*, user) -> None:
    """A caregiver's account is closing (``buddies.data_erasure``): their pairs and offers end.

    1. As a buddy: each open offer or choice is withdrawn, under the new caregiver's lock, and
       the new caregiver's next choice is offered (or their social worker told nobody accepted).
    2. As a new caregiver: their choices and open offers are withdrawn.
    3. Running pairs (accepted, active) end: the buddy is unavailable, or the support is no longer needed.
    Messages written here name the others, never the person leaving (the outbox's erasure
    would blank them).
    """
    now = timezone.now()
    open_statuses = (MatchStatus.SUGGESTED, MatchStatus.OFFERED)
    for match in Match.objects.filter(buddy=user, status__in=open_statuses).select_related("new_caregiver"):
        with transaction.atomic():
            _lock_caregiver(match.new_caregiver)
            was_offered = Match.objects.filter(pk=match.pk, status=MatchStatus.OFFERED).exists()
            Match.objects.filter(pk=match.pk, status__in=open_statuses).update(status=MatchStatus.WITHDRAWN)
            if was_offered:
                _offer_next(match.new_caregiver)
    Match.objects.filter(new_caregiver=user, status__in=open_statuses).update(status=MatchStatus.WITHDRAWN)
    running = (MatchStatus.ACCEPTED, MatchStatus.ACTIVE)
    Match.objects.filter(buddy=user, status__in=running).update(
        status=MatchStatus.ENDED, end_reason=EndReason.BUDDY_UNAVAILABLE, ended_at=now
    )
    Match.objects.filter(new_caregiver=user, status__in=running).update(
        status=MatchStatus.ENDED, end_reason=EndReason.NO_LONGER_NEEDED, ended_at=now
    )
