"""The replies as CSV (``event_rsvps_csv``): a row per reply, attendance, no spreadsheet
formulas; why it is taken, and the record of the read; its query budget."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from accounts.models import ReadKind, StaffRead
from tests.events.factories import RSVPFactory
from tests.events.helpers import carer, many_replies
from tests.querycount import assert_constant_queries


def download(client, event, reason="Name badges and catering numbers"):
    return client.post(reverse("event_rsvps_csv", args=[event.pk]), {"reason": reason})


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_csv_export_has_a_header_and_a_row_per_reply(staff, event, replies):
    response = download(staff, event)
    assert response["Content-Disposition"] == f'attachment; filename="event-{event.pk}-rsvps.csv"'
    header, *rows = read_csv(response)
    assert header == [
        "Name",
        "Email",
        "Phone",
        "Reply",
        "Adults",
        "Children 0-4",
        "Children 5-11",
        "Children 12-17",
        "Childminding",
        "Dietary",
        "Access needs",
        "Attendance",
    ]
    by_name = {row[0]: row for row in rows}
    assert len(rows) == 5
    aroha = replies["aroha"].user
    assert by_name["Aroha Ngata"] == [
        "Aroha Ngata",
        aroha.email,
        "+64211111111",
        "Going",
        "2",
        "1",
        "2",
        "0",
        "2",
        "Vegetarian",
        "",
        "",
    ]
    assert by_name["Dan Waits"][3] == "On the waitlist"
    assert by_name["Eve Away"][3] == "Not going"
    assert by_name["Ben Smith"][10] == "Wheelchair user"


def test_csv_export_leaves_out_the_contact_details_of_people_not_coming(staff, event, replies):
    rows = {row[0]: row for row in read_csv(download(staff, event))[1:]}
    assert rows["Eve Away"][1:4] == ["", "", "Not going"]
    assert rows["Dan Waits"][1] == replies["dan"].user.email  # waitlisted: may still be phoned about a place


def test_reply_form_asks_for_no_childrens_names_or_medical_detail(client, caregiver, event):
    client.force_login(caregiver)
    page = " ".join(client.get(reverse("rsvp_edit", args=[event.pk])).content.decode().split())
    assert page.count("Please do not name children or give medical details") == 2


def test_csv_export_shows_attendance_after_check_in(staff, event, replies):
    staff.post(reverse("rsvp_check_in", args=[event.pk, replies["ben"].pk]), {"attendance": "attended"})
    rows = {row[0]: row for row in read_csv(download(staff, event))[1:]}
    assert rows["Ben Smith"][11] == "Attended"


@pytest.mark.parametrize("value", ['=HYPERLINK("http://evil.example","Click")', "+1+1", "-2+3", "@SUM(A1)"])
def test_csv_export_guards_against_spreadsheet_formulas(staff, event, wellington, value):
    user = carer(wellington, value, "")
    user.email = f"{value[0]}1@example.org"
    user.save()
    RSVPFactory(event=event, user=user, dietary=value, access_needs=value)
    _, row = read_csv(download(staff, event))
    name, email, dietary, access = row[0], row[1], row[9], row[10]
    assert (name, dietary, access) == ("'" + value, "'" + value, "'" + value)
    assert email == f"'{value[0]}1@example.org"


def test_csv_export_query_budget(staff, event, replies):
    # 1 session, 2 user, 3 TOTP check, 4 staff profile, 5 the event, 6 may they run it,
    # 7 the privacy guard on the reason (the writer's protected names), 8 every reply with
    # user and profile joined, 9 the record of the read (one INSERT).
    assert_constant_queries(lambda: download(staff, event), lambda: many_replies(event, 495), expected=9)


def test_the_download_asks_why_first_and_records_nothing_until_it_is_given(staff, event, replies):
    page = staff.get(reverse("event_rsvps_csv", args=[event.pk]))
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "Why do you need this list?" in page.content.decode()
    refused = download(staff, event, reason="   ")
    html = refused.content.decode()
    assert refused.status_code == 200 and refused["Content-Type"].startswith("text/html")
    # The error next to the field (and in the summary above the form).
    assert 'id="error_1_id_reason"' in html or "invalid-feedback" in html
    assert "Say why you need the list, in a few words." in html
    assert not StaffRead.objects.exists()


def test_a_download_records_one_read_per_caregiver_in_it_with_the_reason(staff, social_worker, event, replies):
    read_csv(download(staff, event, reason="  Name badges  "))
    reads = StaffRead.objects.all()
    assert {read.subject_id for read in reads} == {rsvp.user_id for rsvp in replies.values()}
    assert len(reads) == len(replies)
    # Who, what kind and which event, and why: never what was in the file.
    assert {(r.reader_id, r.what, r.object_id, r.reason) for r in reads} == {
        (social_worker.pk, ReadKind.CSV_EXPORT, event.pk, "Name badges")
    }


def test_a_reason_too_long_is_refused_and_kept_in_the_field(staff, event, replies):
    long = "x" * 201
    html = download(staff, event, reason=long).content.decode()
    assert "Ensure this value has at most 200 characters" in html
    assert f'value="{long}"' in html
    assert not StaffRead.objects.exists()


def test_a_reason_that_could_identify_someone_is_refused_by_the_privacy_guard(staff, event, replies):
    response = download(staff, event, reason="Ring her on 021 123 4567 about the boy")
    html = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "021 123 4567" in html and "Replace it with" in html
    assert not StaffRead.objects.exists()
