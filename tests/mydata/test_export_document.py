"""The document: each app's part for a person with everything filled in, nothing of a second
person planted in every table (nor of the other people around the first), a bounded number
of queries, and a schema that documents every field."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.personal_data import export_sections
from buddies.models import CheckIn, ContactType, Match, MatchStatus
from events.models import Event
from mydata.export import SCHEMA, build_document
from notifications.models import Channel, Message
from privacy.models import Post, Thread
from tests.events.factories import RSVPFactory
from tests.feedback.factories import SurveyFactory, respond
from tests.groups.factories import MembershipFactory
from tests.mydata.everything import fill_everything, new_caregiver
from tests.querycount import assert_constant_queries

SCHEMA_DOC = Path(__file__).resolve().parents[2] / "mydata" / "EXPORT_SCHEMA.md"


@pytest.fixture
def two_people(caregiver, social_worker, wellington):
    """The caregiver persona and a second caregiver in the same region, group and thread,
    with the same social worker, each with every table filled."""
    first = fill_everything(caregiver, tag="Alphaq", social_worker=social_worker, phone="+64215550111")
    second_user = new_caregiver(
        region=wellington, social_worker=social_worker, first_name="Brontide", email="brontide@example.org"
    )
    second = fill_everything(second_user, tag="Bravoq", social_worker=social_worker, phone="+64215550222")
    # Where the two meet: the second is in the first's group, replies in her thread and to her event.
    group = first.rows["groups.Membership"][0].group
    MembershipFactory(group=group, user=second_user)
    thread = first.rows["privacy.Thread"][0]
    Post.objects.create(thread=thread, author=second_user, body="Bravoq a reply in Alphaq's thread")
    RSVPFactory(event=first.rows["events.RSVP"][0].event, user=second_user, dietary="Bravoq gluten free")
    second.withheld += ["Bravoq a reply in Alphaq's thread", "Bravoq gluten free", second_user.last_name]
    return first, second


def serialised(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False)


def test_the_export_holds_each_apps_part_of_the_person(two_people):
    first, _ = two_people
    document = build_document(first.user)
    text = serialised(document)
    assert document["schema"] == SCHEMA
    assert document["person"]["email"] == first.user.email
    missing = [marker for marker in first.own if marker not in text]
    assert missing == [], f"not in the download: {missing}"
    sections = document["sections"]
    assert set(sections) == {section.key for section in export_sections()}
    reply = sections["events"]["replies"][0]
    assert (reply["adults"], reply["children_5_11"], reply["dietary"]) == (2, 1, "Alphaq no peanuts")
    assert sections["events"]["follow_ups"][0]["by"] == "your social worker"
    assert sections["buddies"]["pairs"][0]["ended_by"] == "your buddy"
    assert sections["buddies"]["pairs"][0]["check_ins"][0]["logged_by"] == "your buddy"
    assert sections["messages"]["messages"][0]["body"] == "Alphaq reminder: circle meeting tomorrow"
    assert sections["messages"]["phone_numbers"][0]["opted_out_at"] is not None
    assert sections["discussions"]["protected_names"] == {
        "count": 1,
        "see_and_edit_at": reverse("privacy_protected_names"),
    }
    # Who from the agency looked: staff names are given on purpose.
    reads = sections["account"]["staff_reads"]
    assert len(reads) == 2
    care_map_read, record_read = reads  # newest first
    assert record_read["reader"].startswith("Tom ")
    assert record_read["reason"] == "Alphaq annual review"
    assert care_map_read["what"] == "Care map"
    assert care_map_read["reader_role"] == "Social worker"
    for section in sections.values():
        assert section["title"] and section["description"] and section["correct_at"]


def test_posts_hidden_or_held_to_protect_a_child_are_listed_without_their_text(two_people):
    first, _ = two_people
    posts = build_document(first.user)["sections"]["discussions"]["posts"]
    assert [(p["status"], p["text"] is None) for p in posts] == [
        ("Published", False),
        ("Hidden by a moderator", True),
        ("Held for review", True),
    ]
    assert posts[1]["hidden_reason"] == "It could identify a child"
    discussions = build_document(first.user)["sections"]["discussions"]
    about = [(log["action"], log["by"]) for log in discussions["moderation_of_your_posts"]]
    assert about == [("Hidden", "your social worker"), ("Held by the privacy guard", "you")]
    # The guard holding their own post is not something they did about other members' posts.
    assert [a["action"] for a in discussions["your_moderation_actions"]] == []


def test_nothing_withheld_is_in_the_persons_own_download(two_people):
    """Protected names, hidden posts, secrets, and the people around them (buddy, enquirer,
    other members) are not in the file."""
    first, _ = two_people
    text = serialised(build_document(first.user))
    found = [marker for marker in first.withheld if marker in text]
    assert found == [], f"in the download but must not be: {found}"


def test_nothing_of_a_second_person_is_in_the_download(two_people):
    first, second = two_people
    text = serialised(build_document(first.user))
    found = [marker for marker in second.all_markers if marker in text]
    assert found == [], f"the second person's data in the first's download: {found}"
    assert "Bravoq" not in text
    assert "Brontide" not in text


def test_every_exported_model_has_a_row_in_the_filled_person(two_people):
    """fill_everything keeps up with the registry: a model exported but not planted fails here."""
    first, _ = two_people
    exported = {label for section in export_sections() for label in section.models}
    not_planted = sorted(exported - set(first.rows) - {"accounts.User", "accounts.CaregiverProfile"})
    not_planted = [label for label in not_planted if label not in ("accounts.StaffProfile", "account.EmailAddress")]
    assert not_planted == [], f"add rows for {not_planted} to tests/mydata/everything.py"


def _keys(value, found: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            found.add(key)
            _keys(item, found)
    elif isinstance(value, list):
        for item in value:
            _keys(item, found)
    return found


def test_every_key_has_a_label_for_the_readable_page(two_people):
    first, _ = two_people
    document = build_document(first.user)
    unlabelled = []
    for section in export_sections():
        keys = _keys({k: v for k, v in document["sections"][section.key].items() if k not in _HEADER}, set())
        unlabelled += [f"{section.key}.{key}" for key in sorted(keys - set(section.labels))]
    assert unlabelled == [], f"keys without a label in their ExportSection: {unlabelled}"


_HEADER = ("title", "description", "correct_at")


def _schema_sections() -> dict[str, str]:
    """The text under each "### `key`" heading of EXPORT_SCHEMA.md."""
    text = SCHEMA_DOC.read_text()
    parts = re.split(r"^### `([a-z_]+)`\s*$", text, flags=re.MULTILINE)
    return {"": parts[0], **{parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}}


def test_every_field_of_a_generated_document_is_documented(two_people):
    first, _ = two_people
    document = build_document(first.user)
    documented = _schema_sections()
    top = documented[""]
    undocumented = [f"top-level `{key}`" for key in document if f"`{key}`" not in top]
    undocumented += [f"person `{key}`" for key in document["person"] if f"`{key}`" not in top]
    undocumented += [f"section header `{key}`" for key in _HEADER if f"`{key}`" not in top]
    for key, section in document["sections"].items():
        if key not in documented:
            undocumented.append(f"section `{key}`")
            continue
        keys = _keys({k: v for k, v in section.items() if k not in _HEADER}, set())
        undocumented += [f"{key}.`{field}`" for field in sorted(keys) if f"`{field}`" not in documented[key]]
    assert undocumented == [], f"not documented in mydata/EXPORT_SCHEMA.md: {undocumented}"


def test_the_schema_check_can_fail(two_people, monkeypatch):
    """A section key the schema does not know is reported (the check above is not vacuous)."""
    real = _schema_sections()
    monkeypatch.setattr(
        "tests.mydata.test_export_document._schema_sections",
        lambda: {k: v for k, v in real.items() if k != "events"},
    )
    with pytest.raises(AssertionError, match="section `events`"):
        test_every_field_of_a_generated_document_is_documented(two_people)


def test_the_number_of_queries_does_not_grow_with_the_persons_rows(two_people):
    first, _ = two_people
    user = first.user
    event = first.rows["events.RSVP"][0].event
    thread = first.rows["privacy.Thread"][0]
    match = first.rows["buddies.Match"][0]

    def more_rows():
        now = timezone.now()
        for i in range(5):
            other_event = Event.objects.create(
                title=f"More {i}",
                kind=event.kind,
                region=event.region,
                starts_at=now + timedelta(days=i + 1),
                ends_at=now + timedelta(days=i + 1, hours=1),
                venue_name="Hall",
                created_by=event.created_by,
            )
            RSVPFactory(event=other_event, user=user)
            respond(SurveyFactory(event=other_event), {"overall": 3, "worked": f"More {i}"}, user=user)
            Post.objects.create(thread=thread, author=user, body=f"More post {i}")
            Thread.objects.create(group=thread.group, title=f"More {i}", author=user, last_post_at=now)
            Message.objects.create(
                recipient=user, channel=Channel.EMAIL, kind="event_reminder", to=user.email, body=f"More {i}",
                idempotency_key=f"more:{i}",
            )  # fmt: skip
            CheckIn.objects.create(
                match=match, logged_by=user, contact_type=ContactType.CALL, happened_on=timezone.localdate()
            )
            Match.objects.create(new_caregiver=user, buddy=new_caregiver(
                region=event.region, social_worker=None, first_name=f"More{i}", email=f"more{i}@example.org"
            ), status=MatchStatus.PASSED)  # fmt: skip

    # One query or a fixed few per list of each section, and one to load the person's profile;
    # the figure is the same with twice the rows.
    assert_constant_queries(lambda: build_document(user), more_rows, expected=QUERIES)


# account 8 (caregiver profile + its languages and topics, staff profile, email addresses,
# authenticators, staff reads, admin log), invitations 1, events 4 (calendar feed, replies,
# invitations, follow-ups), groups 5 (memberships, meeting roles, attendance, hub requests made
# and answered), buddies 4 (settings, pairs, check-ins, enquiries), discussions 6 (posts,
# moderation log, protected-name count, threads, reports, read markers), feedback 3
# (invitations, responses, their answers), messages 2 (messages, phone statuses), directory 3
# (training, care map, shares; care map reads are among the staff reads), requests 2 (downloads,
# closure requests).
QUERIES = 38
