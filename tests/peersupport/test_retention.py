"""Retention everywhere: every row of settings.RETENTION, its rule, the daily task, the README.

Per row: a record whose clock started just over the period ago is removed or blanked, one
just under is kept, and a second run changes nothing. Then the table's completeness (every key
has a rule, every rule a key, every model that points at a person a rule or a reason), the
runner (a failing rule does not stop the others), the task run twice, and the README.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import personal_data, retention_runs
from accounts.models import ReadKind, RetentionRun, Role, StaffRead
from accounts.tasks import apply_retention
from buddies.models import EndReason, Enquiry, EnquiryOutcome, HowHeard, MatchStatus
from events.models import CalendarFeed, FollowUp, FollowUpMethod, FollowUpOutcome
from feedback.bank import QUESTIONS
from groups.models import MembershipStatus
from mydata.models import ClosureRequest, ClosureStatus, DataExport, ExportStatus
from notifications.models import MessageStatus
from privacy.models import DiscussionSettings, ModerationAction, ModerationLog, Post, Report, ReportReason, Thread
from privacy.services import retention_delete_expired
from tests.accounts.factories import CaregiverFactory, RegionFactory, UserFactory, make_staff
from tests.buddies.factories import MatchFactory
from tests.events.factories import EventFactory
from tests.feedback.factories import SurveyFactory, respond
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.invitations.factories import InvitationFactory
from tests.notifications.factories import MessageFactory

ROOT = Path(__file__).resolve().parents[2]
SECOND = timedelta(seconds=1)
TEXT_QUESTION = next(code for code, question in QUESTIONS.items() if question.is_text)


@pytest.fixture
def staff(db):
    return make_staff(role=Role.SOCIAL_WORKER, regions=[RegionFactory(name="Wellington", slug="wellington")])


def _caregiver():
    return CaregiverFactory().user


def _reload(obj):
    return type(obj).objects.filter(pk=obj.pk).first()


def _gone(obj) -> bool:
    return _reload(obj) is None


# --- One maker per row: a record whose clock started at ``at`` ------------------------------------


def _message(at, staff):
    return MessageFactory(created_at=at, status=MessageStatus.SENT)


def _message_purged(obj) -> bool:
    row = _reload(obj)
    return row.body == "" and row.to == "" and row.purged_at is not None


def _post_in(group, at):
    author = _caregiver()
    thread = Thread.objects.create(group=group, title="Respite", author=author, last_post_at=at)
    post = Post.objects.create(thread=thread, author=author, body="Anyone tried the respite service?")
    Post.objects.filter(pk=post.pk).update(created_at=at)  # created_at is auto_now_add
    return post


def _post(at, staff):
    # A group whose own period is the table's upper bound, so the period is the row's.
    group = GroupFactory()
    DiscussionSettings.objects.create(group=group, retention_months=settings.PRIVACY_RETENTION_MAX_MONTHS)
    return _post_in(group, at)


def _report(at, staff):
    post = _post_in(GroupFactory(), timezone.now())
    return Report.objects.create(post=post, reporter=_caregiver(), reason=ReportReason.UNKIND, resolved_at=at)


def _moderation(at, staff):
    entry = ModerationLog.objects.create(
        group=GroupFactory(),
        post_id_at_the_time=1,
        actor=staff,
        action=ModerationAction.HIDDEN,
        reason="Names a school",
    )
    ModerationLog.objects.filter(pk=entry.pk).update(at=at)  # auto_now_add
    return entry


def _moderation_anonymised(obj) -> bool:
    row = _reload(obj)
    return row.actor_id is None and row.reason == "" and row.action == ModerationAction.HIDDEN


def _answer(at, staff):
    response = respond(SurveyFactory(), {TEXT_QUESTION: "The childminders were lovely", "overall": 5}, submitted_at=at)
    return response.answers.get(question=TEXT_QUESTION)


def _answer_blanked(obj) -> bool:
    row = _reload(obj)
    scores_kept = row.response.answers.get(question="overall").value == 5
    return row.text == "" and scores_kept


def _follow_up(at, staff):
    return FollowUp.objects.create(
        event=EventFactory(),
        caregiver=_caregiver(),
        method=FollowUpMethod.CALL,
        outcome=FollowUpOutcome.COMING,
        note="Spoke with her; the placement is under strain",
        by=staff,
        at=at,
    )


def _follow_up_blanked(obj) -> bool:
    row = _reload(obj)
    return row.note == "" and row.outcome == FollowUpOutcome.COMING


def _calendar_feed(at, staff):
    user = UserFactory(last_login=at)
    return CalendarFeed.objects.create(user=user, created_at=at)


def _invitation(at, staff):
    return InvitationFactory(created_at=at - timedelta(days=14), expires_at=at)


def _session(at, staff):
    return Session.objects.create(session_key=uuid.uuid4().hex, session_data="e30", expire_date=at)


def _staff_read(at, staff):
    return StaffRead.objects.create(reader=staff, subject=_caregiver(), what=ReadKind.RECORD, reason="Review", at=at)


def _staff_read_anonymised(obj) -> bool:
    row = _reload(obj)
    return row.subject_id is None and row.reason == "" and row.reader_id == obj.reader_id and row.at == obj.at


def _admin_log(at, staff):
    return LogEntry.objects.create(
        user=staff,
        action_time=at,
        content_type=ContentType.objects.get_for_model(StaffRead),
        object_id="1",
        object_repr="Aroha Caregiver",
        action_flag=ADDITION,
    )


def _export(at, staff):
    return DataExport.objects.create(
        user=_caregiver(),
        status=ExportStatus.READY,
        progress=100,
        document={"accounts": {}},
        finished_at=at,
        expires_at=at + settings.RETENTION["mydata.export_files"],
    )


def _export_expired(obj) -> bool:
    row = _reload(obj)
    return row.document is None and row.status == ExportStatus.EXPIRED


def _closure(at, staff):
    return ClosureRequest.objects.create(
        user=_caregiver(),
        status=ClosureStatus.DECLINED,
        decided_by=staff,
        decided_at=at,
        decline_reason="A placement is starting next week",
    )


def _match(at, staff):
    return MatchFactory(
        status=MatchStatus.ENDED,
        end_reason=EndReason.COMPLETED,
        ended_at=at,
        feedback_new="She was kind",
        feedback_buddy="We met weekly",
    )


def _match_blanked(obj) -> bool:
    row = _reload(obj)
    return (row.feedback_new, row.feedback_buddy, row.status) == ("", "", MatchStatus.ENDED)


def _enquiry(at, staff):
    return Enquiry.objects.create(
        region=RegionFactory(name="Wellington", slug="wellington"),
        first_name="Aroha",
        household="couple",
        cultural_background="Ngāti Porou",
        how_heard=HowHeard.values[0],
        outcome=EnquiryOutcome.CONNECTED,
        outcome_note="Met at the hui",
        outcome_at=at,
        recorded_by=staff,
    )


def _enquiry_anonymised(obj) -> bool:
    row = _reload(obj)
    return (row.first_name, row.cultural_background, row.outcome_note, row.outcome) == (
        "",
        "",
        "",
        EnquiryOutcome.CONNECTED,
    )


def _membership(at, staff):
    return MembershipFactory(status=MembershipStatus.LEFT, request_message="We foster two teens", requested_at=at)


@dataclasses.dataclass(frozen=True)
class Row:
    make: Callable[[datetime, Any], Any]
    changed: Callable[[Any], bool]


ROWS = {
    "notifications.message_bodies": Row(_message, _message_purged),
    "privacy.posts": Row(_post, _gone),
    "privacy.reports": Row(_report, _gone),
    "privacy.moderation_log": Row(_moderation, _moderation_anonymised),
    "feedback.answer_text": Row(_answer, _answer_blanked),
    "events.follow_up_notes": Row(_follow_up, _follow_up_blanked),
    "events.calendar_feeds": Row(_calendar_feed, _gone),
    "invitations.invitations": Row(_invitation, _gone),
    "accounts.sessions": Row(_session, _gone),
    "accounts.staff_reads": Row(_staff_read, _staff_read_anonymised),
    "accounts.admin_log": Row(_admin_log, _gone),
    "mydata.export_files": Row(_export, _export_expired),
    "mydata.decline_reasons": Row(_closure, lambda obj: _reload(obj).decline_reason == ""),
    "buddies.pair_feedback": Row(_match, _match_blanked),
    "buddies.enquiries": Row(_enquiry, _enquiry_anonymised),
    "groups.join_messages": Row(_membership, lambda obj: _reload(obj).request_message == ""),
}


def test_every_row_of_the_table_has_a_test_here():
    assert set(ROWS) == set(settings.RETENTION)


@pytest.mark.parametrize("key", sorted(ROWS))
def test_a_record_just_past_its_period_goes_and_one_just_within_stays(key, staff):
    now = timezone.now()
    period = settings.RETENTION[key]
    row = ROWS[key]
    old = row.make(now - period - SECOND, staff)
    young = row.make(now - period + SECOND, staff)
    assert not row.changed(old), "the maker must make a record the rule has not touched"
    rule = retention_runs.rules_by_key()[key]

    assert rule.apply(now) == 1
    assert row.changed(old)
    assert not row.changed(young)

    assert rule.apply(now) == 0  # a second run changes nothing
    assert not row.changed(young)


# --- Rows with more than one clock -----------------------------------------------------------------


def test_a_group_s_own_shorter_period_deletes_its_posts_sooner(db):
    now = timezone.now()
    six_months = GroupFactory()
    DiscussionSettings.objects.create(group=six_months, retention_months=6)
    default = GroupFactory()  # no settings row: 12 months
    seven_months_ago = now - timedelta(days=7 * 30)

    expired = _post_in(six_months, seven_months_ago)
    kept = _post_in(default, seven_months_ago)
    old_in_default = _post_in(default, now - timedelta(days=12 * 30) - SECOND)

    assert retention_delete_expired(now) == 2
    assert _gone(expired) and _gone(old_in_default)
    assert not _gone(kept)
    logs = ModerationLog.objects.filter(action=ModerationAction.DELETED_RETENTION)
    assert sorted(logs.values_list("post_id_at_the_time", flat=True)) == sorted([expired.pk, old_in_default.pk])
    assert {log.group_id for log in logs} == {six_months.pk, default.pk}
    assert all(log.actor_id is None and log.reason == "" for log in logs)
    # The threads they emptied are gone; the one with a post left stays.
    assert not Thread.objects.filter(pk__in=[expired.thread_id, old_in_default.thread_id]).exists()
    assert Thread.objects.filter(pk=kept.thread_id).exists()


def test_no_group_keeps_posts_longer_than_the_table_says(db):
    now = timezone.now()
    group = GroupFactory()
    # The database allows up to 120 months; the table's upper bound wins.
    DiscussionSettings.objects.create(group=group, retention_months=settings.PRIVACY_RETENTION_MAX_MONTHS + 12)
    post = _post_in(group, now - settings.RETENTION["privacy.posts"] - SECOND)

    assert retention_runs.rules_by_key()["privacy.posts"].apply(now) == 1
    assert _gone(post)


def test_a_message_still_waiting_to_be_sent_keeps_its_body(db):
    now = timezone.now()
    waiting = MessageFactory(created_at=now - timedelta(days=60), status=MessageStatus.PENDING)

    assert retention_runs.rules_by_key()["notifications.message_bodies"].apply(now) == 0
    assert _reload(waiting).body


def test_a_calendar_address_stays_while_its_owner_signs_in(db):
    now = timezone.now()
    long_ago = now - settings.RETENTION["events.calendar_feeds"] - timedelta(days=30)
    feed = CalendarFeed.objects.create(user=UserFactory(last_login=now - timedelta(days=1)), created_at=long_ago)
    never_signed_in = CalendarFeed.objects.create(user=UserFactory(last_login=None), created_at=long_ago)
    fetched = CalendarFeed.objects.create(
        user=UserFactory(last_login=None), created_at=long_ago, last_used_at=now - timedelta(days=1)
    )

    assert retention_runs.rules_by_key()["events.calendar_feeds"].apply(now) == 1
    assert not _gone(feed)
    assert not _gone(fetched)
    assert _gone(never_signed_in)


def test_accepted_and_revoked_invitations_go_after_the_period_and_open_ones_stay(db):
    now = timezone.now()
    past = now - settings.RETENTION["invitations.invitations"] - SECOND
    user = UserFactory()
    accepted = InvitationFactory(
        created_at=past - timedelta(days=2), expires_at=now + timedelta(days=1), accepted_at=past, accepted_user=user
    )
    revoked = InvitationFactory(
        created_at=past - timedelta(days=2), expires_at=now + timedelta(days=1), revoked_at=past
    )
    still_open = InvitationFactory(created_at=past - timedelta(days=2), expires_at=now + timedelta(days=1))

    assert retention_runs.rules_by_key()["invitations.invitations"].apply(now) == 2
    assert _gone(accepted) and _gone(revoked)
    assert not _gone(still_open)


def test_an_open_join_request_keeps_its_message(db):
    now = timezone.now()
    waiting = MembershipFactory(
        status=MembershipStatus.REQUESTED, request_message="Please may I join", requested_at=now - timedelta(days=900)
    )

    assert retention_runs.rules_by_key()["groups.join_messages"].apply(now) == 0
    assert _reload(waiting).request_message == "Please may I join"


# --- The table is complete -------------------------------------------------------------------------


def test_every_key_of_the_table_has_a_rule_and_every_rule_a_key():
    rules = retention_runs.rules_by_key()
    assert set(rules) == set(settings.RETENTION)


def test_every_model_that_points_at_a_person_has_a_rule_or_a_reason_to_be_kept():
    ruled = {rule.model for rule in personal_data.retention_rules()}
    linked = {model._meta.label for model in personal_data.person_linked_models()}
    missing = sorted(label for label in linked if label not in ruled and label not in settings.RETENTION_KEPT)
    assert not missing, f"add a RETENTION row and a rule, or a RETENTION_KEPT reason, for: {missing}"
    stale = sorted(set(settings.RETENTION_KEPT) - linked)
    assert not stale, f"RETENTION_KEPT names models that no longer point at a person: {stale}"
    both = sorted(ruled & set(settings.RETENTION_KEPT))
    assert not both, f"a model with a rule needs no RETENTION_KEPT reason: {both}"


def test_every_rule_names_a_real_model_and_says_what_it_does():
    for rule in personal_data.retention_rules():
        apps.get_model(rule.model)
        assert str(rule.action) and str(rule.counted_from), rule.key


# --- The runner and the task -------------------------------------------------------------------


def test_every_rule_runs_and_each_run_is_recorded(staff):
    now = timezone.now()
    _follow_up(now - timedelta(days=365), staff)

    runs = retention_runs.apply_all(now)

    assert [run.key for run in runs] == sorted(settings.RETENTION)
    assert all(run.ok for run in runs)
    assert {run.key: run.rows_changed for run in runs}["events.follow_up_notes"] == 1
    assert RetentionRun.objects.count() == len(settings.RETENTION)


def test_a_failing_rule_is_recorded_and_does_not_stop_the_others(staff, monkeypatch, caplog):
    now = timezone.now()
    note = _follow_up(now - timedelta(days=365), staff)
    broken = retention_runs.rules_by_key()["buddies.enquiries"]

    def boom(now):
        Enquiry.objects.update(first_name="half-done")  # rolled back with the rule
        raise RuntimeError("Failing row contains (Aroha, …)")

    monkeypatch.setitem(personal_data._retention, broken.key, dataclasses.replace(broken, apply=boom))
    enquiry = _enquiry(now, staff)

    runs = {run.key: run for run in retention_runs.apply_all(now)}

    failed = runs["buddies.enquiries"]
    assert (failed.ok, failed.rows_changed, failed.error) == (False, None, "RuntimeError")
    assert _reload(enquiry).first_name == "Aroha"
    assert runs["events.follow_up_notes"].ok and _follow_up_blanked(note)
    # The log says which rule and what kind of error, never the message (it may quote a row).
    assert "Aroha" not in caplog.text
    assert "buddies.enquiries" in caplog.text


def test_the_task_twice_changes_rows_once(staff):
    now = timezone.now()
    note = _follow_up(now - timedelta(days=365), staff)
    feed = _calendar_feed(now - timedelta(days=365), staff)
    _session(now - timedelta(days=1), staff)

    first = apply_retention.apply()
    assert first.successful(), first.traceback
    second = apply_retention.apply()
    assert second.successful(), second.traceback

    changed = first.result
    assert changed["events.follow_up_notes"] == 1
    assert changed["events.calendar_feeds"] == 1
    assert changed["accounts.sessions"] == 1
    assert set(second.result.values()) == {0}
    assert _follow_up_blanked(note) and _gone(feed)
    assert not Session.objects.exists()
    assert RetentionRun.objects.count() == 2 * len(settings.RETENTION)


def test_runs_older_than_a_quarter_are_pruned(db):
    now = timezone.now()
    old = RetentionRun.objects.create(
        key="accounts.sessions",
        started_at=now - timedelta(days=91),
        finished_at=now - timedelta(days=91),
        ok=True,
        rows_changed=0,
    )

    retention_runs.apply_all(now)

    assert not RetentionRun.objects.filter(pk=old.pk).exists()


def test_beat_runs_the_one_task_daily_and_not_the_old_ones():
    tasks = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks["accounts.tasks.apply_retention"] == 24 * 60 * 60
    assert "privacy.tasks.delete_expired_posts" not in tasks
    assert "accounts.tasks.clear_expired_sessions" not in tasks


# --- The README ----------------------------------------------------------------------------------


def test_the_readme_table_is_the_one_the_settings_make():
    readme = (ROOT / "README.md").read_text()
    expected = retention_runs.readme_table()
    assert retention_runs.README_BEGIN in readme, "README: add the section How long we keep things"
    start = readme.index(retention_runs.README_BEGIN)
    end = readme.index(retention_runs.README_END) + len(retention_runs.README_END)
    assert readme[start:end] == expected, "README's retention table is out of date; replace it with:\n" + expected


# --- The table read from the environment ------------------------------------------------------


def _settings_in_a_subprocess(**env: str) -> subprocess.CompletedProcess[str]:
    code = (
        "from peersupport import settings as s; "
        "print(s.RETENTION['events.follow_up_notes'].days, s.RETENTION['notifications.message_bodies'].days,"
        " s.RETENTION['privacy.posts'].days)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", os.defpath), "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_periods_can_be_changed_from_the_environment():
    result = _settings_in_a_subprocess(
        RETENTION_FOLLOW_UP_NOTES_DAYS="90", NOTIFICATIONS_RETENTION_DAYS="14", PRIVACY_RETENTION_MAX_MONTHS="12"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["90", "14", "360"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"RETENTION_FOLLOW_UP_NOTES_DAYS": "-1"}, "RETENTION_FOLLOW_UP_NOTES_DAYS=-1 must not be negative"),
        ({"RETENTION_FOLLOW_UP_NOTES_DAYS": "half a year"}, "is not a whole number"),
        ({"PRIVACY_RETENTION_MAX_MONTHS": "200"}, "must lie within 1..120"),
    ],
)
def test_a_bad_period_stops_the_process_and_names_the_variable(env, message):
    result = _settings_in_a_subprocess(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_a_run_while_another_holds_the_claim_does_nothing(staff):
    now = timezone.now()
    note = _follow_up(now - timedelta(days=365), staff)
    cache.set(retention_runs.RUNNING_CACHE_KEY, "another run", 60)

    assert retention_runs.apply_all(now) == []
    assert not RetentionRun.objects.exists()
    assert not _follow_up_blanked(note)

    cache.delete(retention_runs.RUNNING_CACHE_KEY)  # that run ended
    assert retention_runs.apply_all(now)
    assert _follow_up_blanked(note)
    assert cache.get(retention_runs.RUNNING_CACHE_KEY) is None  # released for tomorrow's run


@pytest.mark.parametrize("key", sorted(ROWS))
def test_each_rule_costs_the_same_queries_for_one_row_as_for_many(key, staff):
    """Set-based: one UPDATE or DELETE (and the queries around it), never one per row."""
    now = timezone.now()
    at = now - settings.RETENTION[key] - SECOND
    rule = retention_runs.rules_by_key()[key]

    ROWS[key].make(at, staff)
    with CaptureQueriesContext(connection) as one:
        assert rule.apply(now) == 1
    for _ in range(5):
        ROWS[key].make(at, staff)
    with CaptureQueriesContext(connection) as many:
        assert rule.apply(now) == 5

    assert len(many) == len(one), "\n".join(query["sql"] for query in many.captured_queries)
