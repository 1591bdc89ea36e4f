"""Report figures on hand-built data (tests/feedback/helpers.py) equal hand-computed values;
small numbers are suppressed; the CSV says what the page says; query counts stay constant."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback import reports
from tests.feedback import helpers
from tests.feedback.factories import SurveyFactory, respond
from tests.html_page import Page
from tests.querycount import assert_constant_queries
from tests.test_scroll_regions import assert_named_focusable_regions

pytestmark = pytest.mark.django_db

QUERIES = 24  # 22 for the tables, 2 for the written answers


@pytest.fixture
def data(wellington, auckland, social_worker):
    helpers.build(wellington, auckland, social_worker)


def _query(region="wellington"):
    start = (timezone.localdate() - timedelta(days=60)).isoformat()
    return {"start": start, "end": timezone.localdate().isoformat(), "region": region}


def _tables(client):
    response = client.get(reverse("report"), _query())
    assert response.status_code == 200
    return {t.slug: t for t in response.context["tables"]}, response


def _row(table, name="Wellington"):
    return [c.shown for c in next(r for r in table.rows if r[0].shown == name)]


def test_participation_equals_hand_computed(client_for, data):
    tables, _ = _tables(client_for("manager"))
    # No-show rate: 2 of 8 (25%) would give away the two: suppressed.
    assert _row(tables["participation"]) == ["Wellington", "1", "8", "6", "75%", "<5", "6", "6", "<5"]


def test_buddy_coverage_equals_hand_computed(client_for, data):
    tables, _ = _tables(client_for("manager"))
    assert _row(tables["buddies"]) == ["Wellington", "6", "5", "83%", "6", "5"]


def test_groups_equal_hand_computed(client_for, data):
    tables, _ = _tables(client_for("manager"))
    assert _row(tables["groups"]) == ["Wellington", "1", "2", "1", "6", "0", "0"]


@pytest.mark.parametrize(
    ("part", "whole", "shown"), [(4, 200, "<5"), (0, 200, "<5"), (5, 4, "<5"), (5, 200, "2%"), (5, 5, "100%")]
)
def test_a_share_is_suppressed_when_its_part_or_whole_is_under_five(part, whole, shown):
    assert reports.percent(part, whole).shown == shown


def test_shares_and_means_combine_the_surveys_of_a_kind(client_for, data, wellington):
    survey = SurveyFactory(region=wellington, event__region=wellington)
    for connected in (4, 4, 4, 4, 2):  # alone, 4 of 5 agree (80%) would be suppressed
        respond(survey, {"overall": 4, "connected": connected})
    tables, _ = _tables(client_for("manager"))
    rows = {r[0].shown: [c.shown for c in r[1:]] for r in tables["satisfaction"].rows}
    assert rows["Events"] == ["10", "4.1", "90%"]  # 9 of 10 across both surveys


def test_satisfaction_small_numbers_suppressed(client_for, data):
    tables, _ = _tables(client_for("manager"))
    rows = {r[0].shown: [c.shown for c in r[1:]] for r in tables["satisfaction"].rows}
    assert rows["Events"] == ["5", "4.2", "100%"]
    assert rows["Buddies"] == ["<5", "<5", "<5"]
    assert rows["Peer groups"] == ["<5", "<5", "<5"]


def test_wellbeing_trend_from_baseline(client_for, data):
    tables, _ = _tables(client_for("manager"))
    rows = [[c.shown for c in r] for r in tables["wellbeing"].rows]
    assert rows[0] == ["At joining (baseline)", "5", "4.0", "2.4", "3.0", "5.0"]
    assert rows[1] == ["After 3 months", "5", "2.6", "3.6", "3.0", "5.0"]
    assert rows[2] == ["After 6 months", "<5", "<5", "<5", "<5", "<5"]


def test_workload_names_the_social_worker_and_suppresses_small_counts(client_for, data, social_worker):
    tables, _ = _tables(client_for("manager"))
    rows = [[c.shown for c in r] for r in tables["workload"].rows]
    # Caseload: the 6 newly approved caregivers and the caregiver persona; one is still waiting for a buddy (<5).
    assert rows == [[social_worker.display_name, "7", "<5", "<5", "<5"]]


def test_no_number_under_five_people_is_shown(client_for, data):
    tables, response = _tables(client_for("manager"))
    people_columns = {
        "participation": (2, 3, 6, 7, 8),
        "buddies": (1, 2, 5),
        "satisfaction": (1,),
        "wellbeing": (1,),
        "workload": (1, 2, 3, 4),
    }
    for slug, columns in people_columns.items():
        for row in tables[slug].rows:
            for i in columns:
                value = row[i].value
                assert value is None or value >= 5, (slug, row[0].shown, i)
    assert "&lt;5" in response.content.decode()


def test_region_filter_leaves_out_other_regions(client_for, data):
    response = client_for("manager").get(reverse("report"), _query(region="auckland"))
    tables = {t.slug: t for t in response.context["tables"]}
    assert _row(tables["participation"], "Auckland") == ["Auckland", "1", "6", "6", "100%", "<5", "6", "<5", "<5"]


def test_social_worker_cannot_ask_for_another_region(client_for, data):
    response = client_for("social_worker").get(reverse("report"), _query(region="auckland"))
    assert response.status_code == 200
    assert response.context["form"].errors["region"]
    assert list(response.context["tables"]) == []


def test_social_worker_sees_their_regions_by_default(client_for, data):
    response = client_for("social_worker").get(reverse("report"), {**_query(), "region": ""})
    names = [r[0].shown for r in next(t for t in response.context["tables"] if t.slug == "participation").rows]
    assert names == ["Wellington"]


@pytest.mark.parametrize("slug", list(reports.TABLES))
def test_csv_numbers_equal_the_page(client_for, data, slug):
    client = client_for("manager")
    tables, _ = _tables(client)
    response = client.get(reverse("report_csv", args=[slug]), _query())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[2] == tables[slug].columns
    assert rows[3:] == [[c.shown for c in row] for row in tables[slug].rows]


def test_every_chart_has_a_title_a_description_and_a_table_beside_it(client_for, data):
    _, response = _tables(client_for("manager"))
    page = Page.of(response)
    svgs = [e for e in page.elements if e.tag == "svg"]
    assert len(svgs) == 7
    for svg in svgs:
        assert svg.attrs["role"] == "img"
        title_id, desc_id = svg.attrs["aria-labelledby"].split()
        assert page.by_id(title_id).text() and page.by_id(desc_id).text()
    assert len([e for e in page.elements if e.tag == "table"]) == 7


def test_report_queries_are_constant(client_for, data, wellington, social_worker):
    client = client_for("manager")

    def more_rows():
        helpers.build(wellington, wellington, social_worker)

    def fetch():
        return client.get(reverse("report"), _query(region=""))

    # Session, user, MFA check, staff profile, the person's regions twice (the form's choices and
    # the list); then participation 1, buddies 2, groups 3, constellations 3, satisfaction 1, wellbeing 1,
    # workload 5.
    assert_constant_queries(fetch, more_rows, expected=QUERIES)


def test_the_fields_show_the_period_reported_on(client_for):
    response = client_for("manager").get(reverse("report"))
    today = timezone.localdate()
    assert response.context["period"].end == today
    assert response.context["period"].start == today - timedelta(days=365)
    assert f'value="{today.isoformat()}"' in response.content.decode()


def test_csv_of_an_unknown_table_is_404(client_for):
    assert client_for("manager").get(reverse("report_csv", args=["nope"])).status_code == 404


def test_free_text_only_from_surveys_five_people_answered(client_for, data, wellington):
    small = SurveyFactory(region=wellington, event__region=wellington)
    for _ in range(4):
        respond(small, {"overall": 4, "worked": "Only four of us said this"})
    _, response = _tables(client_for("manager"))
    html = response.content.decode()
    assert html.count("The kai and the chat") == 5  # the event survey five people answered
    assert "Only four of us said this" not in html


def test_report_tables_are_named_focusable_regions(client_for, data):
    _, response = _tables(client_for("manager"))
    assert_named_focusable_regions(Page.of(response))
