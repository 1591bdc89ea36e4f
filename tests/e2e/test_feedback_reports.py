"""Issue 13 in a real browser: the manager opens the reports, filters to Wellington, sees
charts with tables beside them and downloads a CSV whose numbers match the page; a caregiver
answers a survey from its one-click link on a phone-sized screen. axe-core on every page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from accounts.models import User
from feedback import services
from tests.e2e.test_page_tour import fits_the_screen, sign_in_as
from tests.feedback.factories import InvitationFactory


def test_manager_filters_to_wellington_and_downloads_the_csv(open_page, live_server, a11y, demo_data):
    page = open_page()
    sign_in_as(page.context, live_server, "manager@example.org")
    a11y.visit(page, "/reports/")
    page.get_by_label("Region", exact=True).select_option(label="Wellington")
    page.get_by_role("button", name="Show").click()
    a11y.check(page)
    assert "region=wellington" in page.url
    assert page.locator("svg[role=img]").count() == 7
    assert page.locator("table").count() == 7  # one per figure, constellation health included
    coverage = page.get_by_role("region", name="Buddy coverage: the figures")
    assert coverage.is_visible()
    shown = [c.inner_text() for c in page.locator("#participation table tbody tr").first.locator("th, td").all()]
    assert shown[0] == "Wellington"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download “Participation in events” as CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert rows[3] == shown
    # Counts of people (every column after "Events held") are 5 or more, or "<5".
    for row in rows[3:]:
        assert not any(cell in {"0", "1", "2", "3", "4"} for cell in row[2:]), row


def test_caregiver_answers_from_the_link_on_a_phone(open_page, live_server, a11y, demo_data):
    carer = User.objects.get(email="carer@example.org")
    invitation = InvitationFactory(user=carer, survey__region=carer.caregiver_profile.region)
    page = open_page(viewport={"width": 320, "height": 640})
    a11y.visit(page, f"/feedback/answer/{services.invitation_token(invitation)}/")
    assert fits_the_screen(page)
    for question in invitation.survey.questions:
        if not question.is_text:
            page.get_by_role("group", name=str(question.text)).get_by_role("radio").nth(3).check()
    page.get_by_role("button", name="Send my answers").click()
    a11y.check(page)
    assert page.get_by_role("heading", name="Thank you").is_visible()
