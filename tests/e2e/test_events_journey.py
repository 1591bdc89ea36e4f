"""Events in Chromium, as the demo users: a caregiver replies to the family fun day for their
household, changes and cancels the reply and downloads the calendar file; the social worker
reads the totals, exports them and checks the family in on the day. Every page is axe-checked.
"""

from __future__ import annotations

import csv
import io
import re
import zoneinfo

import pytest
from django.db.models import Sum
from icalendar import Calendar
from playwright.sync_api import Page, expect

from accounts.models import User
from events import services
from events.demo import FUN_DAY_TITLE
from events.models import Event, Response
from tests.accounts.factories import add_totp
from tests.e2e.helpers import current_totp, path_is, sign_in

NEWCARER = "newcarer@example.org"
WELLINGTON = zoneinfo.ZoneInfo("Pacific/Auckland")
CSV_CHILD_BANDS = ("Children 0-4", "Children 5-11", "Children 12-17")


def follow_nav(page: Page, a11y, label: str, *, collapsed: bool = False) -> None:
    """Click a link in the main navigation; on a phone it is behind the "Menu" button."""
    if collapsed:
        page.get_by_role("button", name="Menu").click()
        # Bootstrap adds "show" when the opening transition has finished.
        expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name=label, exact=True).click()
    a11y.check(page)


def event_card(page: Page, title: str):
    return page.locator("li.card").filter(has=page.get_by_role("link", name=title, exact=True))


def caregiver_replies_changes_downloads_and_cancels(page: Page, a11y, *, collapsed: bool) -> None:
    sign_in(page, a11y, NEWCARER)

    # Find the fun day from the navigation, narrowing the list to family fun days.
    follow_nav(page, a11y, "Events", collapsed=collapsed)
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    page.get_by_text("Filter events", exact=True).click()
    page.get_by_label("Kind").select_option(label="Family fun day")
    page.get_by_role("button", name="Show events").click()
    a11y.check(page)
    page.get_by_role("link", name=FUN_DAY_TITLE).click()
    a11y.check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(FUN_DAY_TITLE)
    expect(page.get_by_text(re.compile(r"^Saturday .*, 4pm–6pm$"))).to_be_visible()
    expect(page.get_by_text("Childminding available.")).to_be_visible()

    # Reply for two adults and three children, two of whom need childminding.
    page.get_by_role("link", name="Reply", exact=True).click()
    a11y.check(page)
    expect(page.get_by_label("Yes, we're coming")).to_be_checked()
    page.get_by_label("Adults", exact=True).fill("2")
    page.get_by_label("Children aged 0–4", exact=True).fill("1")
    page.get_by_label("Children aged 5–11", exact=True).fill("2")
    page.get_by_label("How many of the children need childminding?").fill("2")
    page.get_by_role("button", name="Send my reply").click()
    a11y.check(page)
    expect(page.get_by_role("status")).to_contain_text(f"You're going to {FUN_DAY_TITLE}: 5 people.")

    follow_nav(page, a11y, "My events", collapsed=collapsed)
    expect(page).to_have_url(path_is("/events/mine/"))
    card = event_card(page, FUN_DAY_TITLE)
    expect(card).to_contain_text("Going 2 adults, 3 children, childminding for 2")

    # Change the reply: one adult can come after all.
    card.get_by_role("link", name=f"Change my reply to {FUN_DAY_TITLE}").click()
    a11y.check(page)
    adults = page.get_by_label("Adults", exact=True)
    expect(adults).to_have_value("2")
    expect(page.get_by_label("How many of the children need childminding?")).to_have_value("2")
    adults.fill("1")
    page.get_by_role("button", name="Send my reply").click()
    a11y.check(page)
    expect(page.get_by_role("status")).to_contain_text("4 people")
    expect(event_card(page, FUN_DAY_TITLE)).to_contain_text("Going 1 adult, 3 children, childminding for 2")

    # The calendar file: one event, the fun day, on Saturday at 4pm Wellington time.
    with page.expect_download() as download_info:
        event_card(page, FUN_DAY_TITLE).get_by_role("link", name="Add to calendar").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = Calendar.from_ical(download.path().read_bytes())
    vevents = list(calendar.walk("VEVENT"))
    assert len(vevents) == 1
    assert str(vevents[0]["SUMMARY"]) == FUN_DAY_TITLE
    starts = vevents[0].decoded("DTSTART").astimezone(WELLINGTON)
    assert (starts.weekday(), starts.hour, starts.minute) == (5, 16, 0)

    # Cancel the reply from the event page; it leaves My events.
    event_card(page, FUN_DAY_TITLE).get_by_role("link", name=FUN_DAY_TITLE, exact=True).click()
    a11y.check(page)
    expect(page.get_by_text("You're going: 1 adult and 3 children.")).to_be_visible()
    page.get_by_role("button", name="Cancel my reply").click()
    a11y.check(page)
    expect(page).to_have_url(path_is("/events/mine/"))
    expect(page.get_by_role("status")).to_contain_text(f"Your reply to {FUN_DAY_TITLE} is cancelled.")
    expect(page.get_by_role("link", name=FUN_DAY_TITLE)).to_have_count(0)
    expect(page.get_by_text("You have no events coming up.")).to_be_visible()

    rsvp = Event.objects.get(title=FUN_DAY_TITLE).rsvps.get(user__email=NEWCARER)
    assert rsvp.response == Response.NOT_GOING


def test_caregiver_replies_for_the_family_changes_downloads_and_cancels(page, a11y, demo_data):
    caregiver_replies_changes_downloads_and_cancels(page, a11y, collapsed=False)


def test_caregiver_does_the_same_on_a_phone(mobile_page, a11y, demo_data):
    caregiver_replies_changes_downloads_and_cancels(mobile_page, a11y, collapsed=True)


@pytest.fixture
def fun_day_with_newcarer(demo_data) -> Event:
    """The walk-through household's reply, made through the service as the caregiver would."""
    event = Event.objects.get(title=FUN_DAY_TITLE)
    household = services.HouseholdReply(adults=2, children_0_4=1, children_5_11=2, childminding_for=2, dietary="Halal")
    services.rsvp_submit(event=event, user=User.objects.get(email=NEWCARER), going=True, household=household)
    return event


def test_social_worker_sees_totals_exports_csv_and_checks_the_family_in(page, a11y, fun_day_with_newcarer):
    event = fun_day_with_newcarer
    going = event.rsvps.confirmed()
    expected = going.aggregate(*(Sum(f) for f in ("adults", "children_0_4", "children_5_11", "childminding_for")))
    secret = add_totp(User.objects.get(email="worker@example.org"))

    sign_in(page, a11y, "worker@example.org")
    page.get_by_label("Code").fill(current_totp(secret))
    page.get_by_role("button", name="Sign in").click()
    a11y.check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kia ora, Tom")

    follow_nav(page, a11y, "Events")
    page.get_by_role("link", name=FUN_DAY_TITLE).click()
    a11y.check(page)
    page.get_by_role("link", name="Replies and totals").click()
    a11y.check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Replies for {FUN_DAY_TITLE}")

    totals = page.get_by_role("table", name="Totals for households going")
    for label, value in [
        ("Households", going.count()),
        ("People", event.heads_going()),
        ("Adults", expected["adults__sum"]),
        ("Children aged 0–4", expected["children_0_4__sum"]),
        ("Children aged 5–11", expected["children_5_11__sum"]),
        ("Children needing childminding", expected["childminding_for__sum"]),
    ]:
        row = totals.get_by_role("row").filter(has=page.get_by_role("rowheader", name=label, exact=True))
        expect(row.get_by_role("cell")).to_have_text(str(value))
    household = page.get_by_role("row", name=re.compile(r"^Sione Taufa"))
    expect(household).to_contain_text("1 / 2 / 0")
    expect(household).to_contain_text("Halal")

    # The spreadsheet leaves the portal: she says why first (kept with the record of the read).
    page.get_by_role("link", name="Download replies (CSV)").click()
    a11y.check(page)
    page.get_by_label("Why do you need this list?").fill("Name badges and catering numbers")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download replies (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8"))))
    assert len(rows) == event.rsvps.count()
    mine = next(row for row in rows if row["Email"] == NEWCARER)
    assert (mine["Name"], mine["Reply"], mine["Adults"]) == ("Sione Taufa", "Going", "2")
    assert (mine["Children 0-4"], mine["Children 5-11"], mine["Childminding"]) == ("1", "2", "2")
    children = [int(row[band]) for row in rows if row["Reply"] == "Going" for band in CSV_CHILD_BANDS]
    assert sum(children) == sum(rsvp.children for rsvp in going)

    # On the day: find the family and check them in with one tap.
    page.get_by_role("link", name=f"Back to the replies for {FUN_DAY_TITLE}").click()
    a11y.check(page)
    page.get_by_role("link", name=f"Back to {FUN_DAY_TITLE}").click()
    a11y.check(page)
    page.get_by_role("link", name="Check-in").click()
    a11y.check(page)
    expect(page.get_by_text(f"0 of {going.count()} households arrived.")).to_be_visible()
    page.get_by_label("Name or email").fill("Sione")
    page.get_by_role("button", name="Find").click()
    a11y.check(page)
    family = page.get_by_role("listitem").filter(has_text="Sione Taufa")
    family.get_by_role("button", name="Arrived").click()
    a11y.check(page)

    expect(page.get_by_role("status")).to_contain_text("Sione Taufa: attended.")
    expect(family.get_by_text("Arrived", exact=True)).to_be_visible()
    expect(family.get_by_role("button", name="Undo for Sione Taufa")).to_be_visible()
    expect(page.get_by_text(f"1 of {going.count()} households arrived.")).to_be_visible()
