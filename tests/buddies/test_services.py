"""The match lifecycle through the services: choosing, offers, answers, expiry, contacts, the end."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from buddies import selectors, services, tasks
from buddies.models import TRANSITIONS, Match, MatchStatus
from notifications.models import Message
from tests.buddies.factories import MatchFactory

pytestmark = pytest.mark.django_db


def choose_first(user):
    suggestions = selectors.suggestions_for(user)
    return services.buddy_choose(new_caregiver=user, chosen=suggestions[0], others=suggestions[1:])


def kinds(user) -> list[str]:
    return list(Message.objects.filter(recipient=user).order_by("pk").values_list("kind", flat=True))


def test_the_same_locality_buddy_is_suggested_first_with_reasons(new_carer, buddies):
    suggestions = selectors.suggestions_for(new_carer)
    assert [s.candidate.first_name for s in suggestions][0] == "Mere"
    assert len(suggestions) == 3
    assert suggestions[0].reason_text.startswith("Also in Porirua · both free weekday evenings")
    assert all(s.candidate.region_id == new_carer.caregiver_profile.region_id for s in suggestions)


def test_choosing_offers_the_buddy_and_queues_the_others(new_carer, buddies, buddy):
    match = choose_first(new_carer)
    assert match.buddy == buddy
    assert match.status == MatchStatus.OFFERED
    assert match.offer_expires_at == match.offered_at + timedelta(hours=72)
    queued = Match.objects.filter(new_caregiver=new_carer, status=MatchStatus.SUGGESTED).order_by("choice_rank")
    assert [m.choice_rank for m in queued] == [2, 3]
    assert kinds(buddy) == ["buddy_offer"]
    body = Message.objects.get(recipient=buddy).body
    assert "Aroha" in body and new_carer.last_name not in body


def test_a_decline_passes_the_offer_to_the_next_choice(new_carer, buddies, buddy):
    match = choose_first(new_carer)
    services.offer_respond(match=match, accept=False)
    match.refresh_from_db()
    assert match.status == MatchStatus.DECLINED
    nxt = Match.objects.get(new_caregiver=new_carer, status=MatchStatus.OFFERED)
    assert nxt.choice_rank == 2
    assert kinds(nxt.buddy) == ["buddy_offer"]


def test_accepting_withdraws_the_other_choices_and_tells_the_caregiver_and_social_worker(
    new_carer, buddies, buddy, social_worker
):
    match = services.offer_respond(match=choose_first(new_carer), accept=True)
    assert match.status == MatchStatus.ACCEPTED
    assert not Match.objects.filter(new_caregiver=new_carer, status=MatchStatus.SUGGESTED).exists()
    assert kinds(new_carer) == ["buddy_accepted"]
    assert kinds(social_worker) == ["buddy_paired"]


def test_an_answer_after_the_deadline_is_refused(new_carer, buddies):
    match = choose_first(new_carer)
    with time_machine.travel(timezone.now() + timedelta(hours=73)), pytest.raises(services.MatchRefused):
        services.offer_respond(match=match, accept=True)


def test_offers_expire_after_72_hours_by_the_periodic_task_once(new_carer, buddies, social_worker):
    first = choose_first(new_carer)
    assert tasks.expire_offers() == 0  # not yet
    with time_machine.travel(timezone.now() + timedelta(hours=72, minutes=1)):
        assert tasks.expire_offers() == 1
        assert tasks.expire_offers() == 0  # run twice: nothing more happens
    first.refresh_from_db()
    assert first.status == MatchStatus.EXPIRED
    second = Match.objects.get(new_caregiver=new_carer, status=MatchStatus.OFFERED)
    assert second.choice_rank == 2
    assert Message.objects.filter(recipient=second.buddy, kind="buddy_offer").count() == 1


def test_the_social_worker_is_told_once_when_nobody_accepts(new_carer, buddies, social_worker):
    choose_first(new_carer)
    later = timezone.now()
    for _ in range(3):
        later += timedelta(hours=73)
        with time_machine.travel(later):
            assert tasks.expire_offers() == 1
    with time_machine.travel(later + timedelta(hours=73)):
        assert tasks.expire_offers() == 0
    assert kinds(social_worker) == ["buddy_nobody_accepted"]
    assert not Match.objects.live().filter(new_caregiver=new_carer).exists()
    # The caregiver gets new suggestions: none of the three again.
    tried = set(Match.objects.filter(new_caregiver=new_carer).values_list("buddy_id", flat=True))
    again = {s.candidate.user_id for s in selectors.suggestions_for(new_carer)}
    assert again and not again & tried


def test_a_buddy_who_filled_up_meanwhile_is_skipped(new_carer, buddies, buddy):
    suggestions = selectors.suggestions_for(new_carer)
    MatchFactory(buddy=buddy, status=MatchStatus.ACTIVE)
    MatchFactory(buddy=buddy, status=MatchStatus.ACTIVE)
    match = services.buddy_choose(new_caregiver=new_carer, chosen=suggestions[0], others=suggestions[1:])
    assert match.buddy_id == suggestions[1].candidate.user_id
    assert Match.objects.get(new_caregiver=new_carer, buddy=buddy).status == MatchStatus.WITHDRAWN


def test_choosing_twice_is_refused(new_carer, buddies):
    choose_first(new_carer)
    with pytest.raises(services.MatchRefused):
        choose_first(new_carer)


def test_asking_for_different_people_sets_the_shown_ones_aside(new_carer, buddies):
    shown = selectors.suggestions_for(new_carer)
    services.buddy_set_aside(new_caregiver=new_carer, shown=shown)
    again = selectors.suggestions_for(new_carer)
    assert {s.candidate.user_id for s in again}.isdisjoint({s.candidate.user_id for s in shown})


def test_the_first_contact_makes_the_pair_active_for_six_months(new_carer, buddies, buddy):
    match = services.offer_respond(match=choose_first(new_carer), accept=True)
    today = timezone.localdate()
    services.check_in_log(match=match, by=buddy, contact_type="call", happened_on=today)
    match.refresh_from_db()
    assert match.status == MatchStatus.ACTIVE
    assert match.started_on == today
    assert (match.planned_end_on - today).days in range(181, 185)
    services.check_in_log(match=match, by=new_carer, contact_type="coffee", happened_on=today)
    assert match.check_ins.count() == 2


def test_a_contact_in_the_future_is_refused(new_carer, buddies, buddy):
    match = services.offer_respond(match=choose_first(new_carer), accept=True)
    with pytest.raises(services.MatchRefused) as refused:
        services.check_in_log(
            match=match, by=buddy, contact_type="call", happened_on=timezone.localdate() + timedelta(days=1)
        )
    assert refused.value.field == "happened_on"


def test_the_fit_check_tells_only_the_social_worker(new_carer, buddies, buddy, social_worker):
    match = services.offer_respond(match=choose_first(new_carer), accept=True)
    services.check_in_log(match=match, by=buddy, contact_type="call", happened_on=timezone.localdate())
    before = kinds(buddy)
    services.fit_check_record(match=match, by=new_carer, fit="not_good", tell_social_worker=True)
    match.refresh_from_db()
    assert match.fit_new == "not_good"
    assert kinds(buddy) == before
    assert kinds(social_worker)[-1] == "buddy_fit_check"


def test_the_same_fit_answer_sent_twice_tells_the_social_worker_once(new_carer, buddies, buddy, social_worker):
    match = services.offer_respond(match=choose_first(new_carer), accept=True)
    services.check_in_log(match=match, by=buddy, contact_type="call", happened_on=timezone.localdate())
    before = kinds(social_worker).count("buddy_fit_check")
    for _ in range(2):  # a double click
        services.fit_check_record(match=match, by=new_carer, fit="not_good", tell_social_worker=True)
    assert kinds(social_worker).count("buddy_fit_check") == before + 1
    services.fit_check_record(match=match, by=new_carer, fit="good", tell_social_worker=True)  # news
    services.fit_check_record(match=match, by=buddy, fit="not_good", tell_social_worker=True)  # the other side
    assert kinds(social_worker).count("buddy_fit_check") == before + 3


def test_ending_keeps_reason_and_feedback_and_invites_the_new_caregiver_to_buddy_later(new_carer, buddies, buddy):
    match = services.offer_respond(match=choose_first(new_carer), accept=True)
    services.check_in_log(match=match, by=buddy, contact_type="call", happened_on=timezone.localdate())
    services.match_end(match=match, by=buddy, reason="completed", feedback="Lovely to meet.")
    services.match_feedback(match=match, by=new_carer, feedback="Really helped.")
    match.refresh_from_db()
    assert (match.status, match.end_reason, match.ended_by) == (MatchStatus.ENDED, "completed", buddy)
    assert (match.feedback_buddy, match.feedback_new) == ("Lovely to meet.", "Really helped.")
    ended = Message.objects.get(recipient=new_carer, kind="buddy_match_ended")
    assert "be a buddy for a new caregiver yourself" in ended.body
    assert not Message.objects.filter(recipient=buddy, kind="buddy_match_ended").exists()


INVALID = [(start, to) for start in MatchStatus.values for to in MatchStatus.values if to not in TRANSITIONS[start]]


@pytest.mark.parametrize(("start", "to"), INVALID)
def test_every_invalid_transition_is_rejected(buddy, start, to):
    match = MatchFactory(buddy=buddy, status=start)
    with pytest.raises(services.MatchRefused):
        services.match_transition(match=match, to=to)
    match.refresh_from_db()
    assert match.status == start


def test_a_social_worker_assigns_directly_and_the_buddy_still_answers(new_carer, buddies, buddy, social_worker):
    match = services.buddy_assign(new_caregiver=new_carer, buddy=buddy, by=social_worker)
    assert (match.status, match.assigned_by) == (MatchStatus.OFFERED, social_worker)
    assert kinds(buddy) == ["buddy_offer"]


def test_pairs_past_six_months_end_as_completed_once_by_the_periodic_task(new_carer, buddies, buddy):
    match = services.offer_respond(match=choose_first(new_carer), accept=True)
    services.check_in_log(match=match, by=buddy, contact_type="call", happened_on=timezone.localdate())
    match.refresh_from_db()
    assert tasks.complete_pairs() == 0
    with time_machine.travel(timezone.now() + timedelta(days=190)):
        assert tasks.complete_pairs() == 1
        assert tasks.complete_pairs() == 0
    match.refresh_from_db()
    assert (match.status, match.end_reason) == (MatchStatus.ENDED, "completed")
    assert Message.objects.filter(kind="buddy_match_ended").count() == 2
    invite = Message.objects.get(kind="buddy_match_ended", recipient=new_carer)
    assert "be a buddy for a new caregiver yourself" in invite.body
