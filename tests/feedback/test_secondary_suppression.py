"""Secondary (complementary) suppression: no hidden count can be worked out by subtracting the
shown cells from a shown total, on hand-built tables, on the page and in the CSV alike."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Attendance
from feedback.reports import SUPPRESSED, Table, label, people, percent, suppress_complements
from tests.accounts.factories import CaregiverFactory
from tests.events.factories import EventFactory, RSVPFactory
from tests.feedback import helpers


def _table(counts: list[list[int]], derived=None) -> Table:
    """Regions A, B, C… with people counts per column, and their total row, as the report builds them."""
    names = [chr(ord("A") + i) for i in range(len(counts))]
    width = len(counts[0])
    table = Table(
        slug="t", title="t", description="t", columns=["Region"] + [f"c{i}" for i in range(width)],
        total_row=True, derived=derived or {},
    )  # fmt: skip
    for name, row in zip(names, counts, strict=True):
        table.rows.append([label(name)] + [people(n) for n in row])
    table.rows.append([label("Total")] + [people(sum(r[i] for r in counts)) for i in range(width)])
    return table


def _shown(table: Table) -> list[list[str]]:
    return [[c.shown for c in row] for row in suppress_complements(table).rows]


def test_a_lone_hidden_cell_hides_the_next_smallest_in_its_column():
    # Without it, B = 37 − 20 − 14 = 3.
    assert _shown(_table([[20], [3], [14]])) == [["A", "20"], ["B", SUPPRESSED], ["C", SUPPRESSED], ["Total", "37"]]


def test_two_hidden_cells_counting_under_five_together_hide_one_more():
    # B and C hidden, but 30 − 25 = 4 would say both are under 5 and add up to 4: D (the next
    # smallest shown) goes too, so the hidden cells hold 4 + 6 = 10 between them.
    shown = _shown(_table([[25], [1], [3], [6]]))
    assert shown == [["A", "25"], ["B", SUPPRESSED], ["C", SUPPRESSED], ["D", SUPPRESSED], ["Total", "35"]]


def test_hidden_cells_that_already_protect_each_other_hide_nothing_more():
    assert _shown(_table([[20], [3], [4]])) == [["A", "20"], ["B", SUPPRESSED], ["C", SUPPRESSED], ["Total", "27"]]


def test_a_column_with_nothing_hidden_is_left_alone():
    assert _shown(_table([[20], [7]])) == [["A", "20"], ["B", "7"], ["Total", "27"]]


def test_a_hidden_total_gives_nothing_away():
    assert _shown(_table([[1], [2]])) == [["A", SUPPRESSED], ["B", SUPPRESSED], ["Total", SUPPRESSED]]


def test_each_column_is_protected_on_its_own():
    shown = _shown(_table([[20, 9], [3, 8], [14, 30]]))
    assert shown == [
        ["A", "20", "9"],
        ["B", SUPPRESSED, "8"],
        ["C", SUPPRESSED, "30"],
        ["Total", "37", "47"],
    ]


def test_a_share_is_hidden_where_a_count_it_comes_from_is_hidden():
    # Column 3 is c1 of c0: when C's c1 (14) is hidden as B's complement, C's share (14 of 20 = 70%)
    # would give 14 back from the shown 20, so it goes too; so does B's (its part is hidden).
    table = _table([[30, 20], [10, 3], [20, 14]], derived={3: (1, 2)})
    table.columns.append("share")
    for row, (whole, part) in zip(table.rows, [(30, 20), (10, 3), (20, 14), (60, 37)], strict=True):
        row.append(percent(part, whole))
    assert _shown(table) == [
        ["A", "30", "20", "67%"],
        ["B", "10", SUPPRESSED, SUPPRESSED],
        ["C", "20", SUPPRESSED, SUPPRESSED],
        ["Total", "60", "37", "62%"],
    ]


def test_a_hidden_share_in_a_column_of_shares_is_protected_like_a_count():
    # Shares of a shown whole: total 62% of 60 is 37 attended; A's and C's shares give 20 and 14,
    # so B's hidden 3 would follow. C's share (the smallest part shown) is hidden with it.
    table = _table([[30], [10], [20]])
    table.columns.append("share")
    for row, (whole, part) in zip(table.rows, [(30, 20), (10, 3), (20, 14), (60, 37)], strict=True):
        row.append(percent(part, whole))
    assert [row[2] for row in _shown(table)] == ["67%", SUPPRESSED, SUPPRESSED, "62%"]


def test_a_table_without_a_total_row_is_left_alone():
    table = Table(slug="t", title="t", description="t", columns=["Region", "c0"])
    table.rows = [[label("A"), people(20)], [label("B"), people(3)]]
    assert _shown(table) == [["A", "20"], ["B", SUPPRESSED]]


# On the report: Wellington and Auckland chosen together (the manager's "All my regions").


@pytest.fixture
def both(wellington, auckland, social_worker):
    """helpers.build, plus in Auckland 3 no-shows among 9 households going (6 attended):
    no-shows Wellington 2, Auckland 3 → both hidden, together 5; attended 6 and 6 shown.
    Families reached: Wellington 6, Auckland 0 (its households brought no children)."""
    helpers.build(wellington, auckland, social_worker)
    ten_days_ago = timezone.now() - timedelta(days=10)
    event = EventFactory(
        region=auckland, created_by=social_worker, starts_at=ten_days_ago, ends_at=ten_days_ago + timedelta(hours=2)
    )
    for _ in range(3):
        RSVPFactory(event=event, user=CaregiverFactory(region=auckland).user, attendance=Attendance.NO_SHOW)


def _query():
    start = (timezone.localdate() - timedelta(days=60)).isoformat()
    return {"start": start, "end": timezone.localdate().isoformat(), "region": ""}


def _check_columns(table: Table):
    """Where a column of counts (or shares of counts) has a shown total, it has no hidden cell or
    at least two. (Medians and counts of things are not sums, so nothing subtracts from them.)"""
    *regions, total = table.rows
    for i in range(1, len(table.columns)):
        if total[i].value is None or total[i].count is None:
            continue
        assert len([row for row in regions if row[i].value is None]) != 1, (table.slug, i)


@pytest.mark.django_db
def test_the_page_and_the_csv_hide_complements_alike(client_for, both):
    client = client_for("manager")
    response = client.get(reverse("report"), _query())
    assert response.status_code == 200
    tables = {t.slug: t for t in response.context["tables"]}
    for slug in ("participation", "buddies", "groups"):
        page = [[c.shown for c in row] for row in tables[slug].rows]
        assert page[-1][0] == "All selected regions"
        _check_columns(tables[slug])
        csv_response = client.get(reverse("report_csv", args=[slug]), _query())
        assert list(csv.reader(io.StringIO(csv_response.content.decode())))[3:] == page
    rows = {row[0].shown: [c.shown for c in row] for row in tables["participation"].rows}
    # Children reached: Auckland 0 (hidden), total 6 shown, so Wellington's 6 (shown when
    # Wellington is asked about alone) is hidden too, or 6 − 6 would give Auckland's 0.
    assert rows["Auckland"][7] == SUPPRESSED
    assert rows["Wellington"][7] == SUPPRESSED
    assert rows["All selected regions"][7] == "6"
    # No-shows 2 and 3: both hidden already, together 5: nothing more goes.
    assert [rows[name][5] for name in rows] == [SUPPRESSED, SUPPRESSED, "29%"]
    assert rows["Wellington"][:5] == ["Wellington", "1", "8", "6", "75%"]


@pytest.mark.django_db
def test_wellington_alone_has_no_total_row_and_keeps_its_children_shown(client_for, both):
    response = client_for("manager").get(reverse("report"), {**_query(), "region": "wellington"})
    table = next(t for t in response.context["tables"] if t.slug == "participation")
    assert [[c.shown for c in row] for row in table.rows] == [
        ["Wellington", "1", "8", "6", "75%", "<5", "6", "6", "<5"]
    ]
