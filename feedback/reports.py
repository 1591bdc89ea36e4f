"""Managers' reports: every figure as a table of cells, drawn as a chart and a data table
from the same cells, and exported to CSV from them too (so the CSV says what the page says).

Small numbers are suppressed here, once: a cell counting fewer than ``SMALL`` people (zero
included), a share whose part or whole is under ``SMALL``, or a mean of fewer than ``SMALL``
answers, shows "<5" (in pages, charts and CSV alike). Counts of things that are not people
(events held, groups, meetings) are shown. Secondary (complementary) suppression follows in
``suppress_complements``: where a total row is shown, a hidden count could be worked out by
subtracting the shown ones, so more cells are hidden until it cannot (see its docstring).
No child is named or described anywhere: children appear only as a number reached.

Every table is built in a fixed number of queries whatever the number of rows
(``report_for`` issues the same queries for ten caregivers as for ten thousand).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import CaregiverProfile, Role, User
from buddies import selectors as buddy_selectors
from events import selectors as event_selectors
from groups import selectors as group_selectors

from .bank import COORDINATOR_ONLY, QUESTIONS, WELLBEING_CODES
from .models import QUESTIONS_OF, SUPPORT_OF, Answer, Response, Survey, SurveyKind

SMALL = 5
SUPPRESSED = "<5"
WELLBEING_ROUNDS = 4  # at joining, 3, 6 and 9 months; later check-ins are shown together


@dataclass(frozen=True)
class Cell:
    shown: str
    value: float | None = None  # None when suppressed or not a number (a label)
    # The count of people behind a people cell (a share's part), kept only so that
    # suppress_complements can choose which cells to hide; never rendered or exported.
    count: int | None = field(default=None, repr=False, compare=False)

    def __str__(self) -> str:
        return self.shown


@dataclass
class Table:
    slug: str
    title: str
    description: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    # Chart: which columns to draw as bars (one series each), and the top of the scale.
    series: tuple[int, ...] = ()
    scale_max: float | None = None
    unit: str = ""
    # The last row is the sum of the rows above it (the "All selected regions" row).
    total_row: bool = False
    # A share column → the count columns it is worked out from: hidden in a row where any of
    # them is hidden, or share × shown whole would give the hidden count back.
    derived: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def chart(self) -> dict:
        """Horizontal bars, one group per row, laid out for templates/feedback/partials/chart.svg."""
        values = [row[i].value for row in self.rows for i in self.series if row[i].value is not None]
        top = self.scale_max or max(values, default=0) or 1
        bar, gap, label_w, width = 18, 14, 170, 560
        groups, y = [], 10
        for row in self.rows:
            bars = []
            for n, i in enumerate(self.series):
                cell = row[i]
                length = 0 if cell.value is None else round((width - label_w - 60) * cell.value / top, 1)
                bars.append({"y": y + n * bar, "length": length, "cell": cell, "name": self.columns[i], "n": n})
            groups.append({"label": row[0].shown, "y": y, "mid": y + bar * len(self.series) / 2 + 4, "bars": bars})
            y += bar * len(self.series) + gap
        return {
            "title": f"{self.title}: {', '.join(self.columns[i] for i in self.series)}",
            "groups": groups,
            "height": y + 10,
            "width": width,
            "label_w": label_w,
            "bar": bar - 3,
            "legend": [self.columns[i] for i in self.series] if len(self.series) > 1 else [],
        }


def label(text: str) -> Cell:
    return Cell(str(text))


def people(n: int) -> Cell:
    """A count of people (or of what people did): suppressed under SMALL."""
    n = n or 0
    return Cell(str(n), n, count=n) if n >= SMALL else Cell(SUPPRESSED, count=n)


def number(n: float | int) -> Cell:
    """A count of things, not people: always shown."""
    return Cell(f"{n:g}" if isinstance(n, float) else str(n), n)


def percent(part: int, whole: int) -> Cell:
    """Suppressed when either count is under SMALL: a share of a shown total would give away
    the suppressed count (3 of 200 is 2%)."""
    if whole < SMALL or part is None or part < SMALL:
        return Cell(SUPPRESSED, count=part or 0)
    value = round(100 * part / whole)
    return Cell(f"{value}%", value, count=part)


def suppress_complements(table: Table) -> Table:
    """Secondary suppression, so that no hidden count can be worked out from what is shown.

    Statistical disclosure control's complementary suppression: a hidden cell in a column whose
    total is shown is given away by subtraction (total − the shown cells) when it is the only
    hidden cell there. So in every column with a count behind its cells:

    1. while the column's hidden region cells are fewer than two, or together count fewer than
       SMALL people (two hidden cells of 0 and 3 under a shown total would give away that both are
       under 4), hide the shown region cell with the smallest count (the least information lost);
    2. hide a share wherever a count it is worked out from is hidden (``Table.derived``);
    3. repeat until nothing changes, since step 2 can leave a column with one hidden cell.

    The total row is left shown: it is what managers need most, and hiding complements is the
    standard choice over hiding totals. Rows are not additive across columns (going, attended,
    families are different people counts with no row total), so only columns are protected.
    Cells are only ever hidden, never shown, so the loop ends. Tables without a total row have
    nothing to subtract from and are returned as they are.
    """
    if not table.total_row or len(table.rows) < 3:
        return table
    regions = table.rows[:-1]
    changed = True
    while changed:
        changed = False
        for col in range(1, len(table.columns)):
            if table.rows[-1][col].value is None:
                continue  # a hidden total gives nothing away
            cells = [(row, row[col]) for row in regions if row[col].count is not None]
            hidden = [cell for _, cell in cells if cell.value is None]
            shown = sorted((cell.count, i) for i, (_, cell) in enumerate(cells) if cell.value is not None)
            hidden_count = sum(cell.count for cell in hidden)
            while hidden and (len(hidden) < 2 or hidden_count < SMALL) and shown:
                _count, i = shown.pop(0)
                row, cell = cells[i]
                row[col] = Cell(SUPPRESSED, count=cell.count)
                hidden.append(row[col])
                hidden_count += cell.count
                changed = True
        for col, sources in table.derived.items():
            for row in regions:
                if row[col].value is not None and any(row[s].value is None for s in sources):
                    row[col] = Cell(SUPPRESSED, count=row[col].count)
                    changed = True
    return table


def mean(total: int | None, n: int) -> Cell:
    if n < SMALL or total is None:
        return Cell(SUPPRESSED)
    value = round(total / n, 1)
    return Cell(f"{value:.1f}", value)


def median_days(days: list[int]) -> Cell:
    if len(days) < SMALL:
        return Cell(SUPPRESSED)
    value = statistics.median(days)
    return Cell(f"{value:g}", value)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def start_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_at(self) -> datetime:
        """The instant after the last day (exclusive bound)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    @property
    def months(self) -> float:
        return max(((self.end - self.start).days + 1) / 30.44, 1)


def report_for(regions: list, period: Period, viewer) -> list[Table]:
    """Every table of the managers' report for ``regions`` (a list of Region rows) and ``period``."""
    return [
        participation(regions, period),
        buddy_coverage(regions, period),
        groups(regions, period, viewer),
        constellations(regions, period),
        satisfaction(regions, period),
        wellbeing(regions, period),
        workload(regions, period),
    ]


TABLES = ("participation", "buddies", "groups", "constellations", "satisfaction", "wellbeing", "workload")


def _with_total(regions, figures: dict[int, dict], keys: tuple[str, ...]) -> list[tuple[str, dict]]:
    rows = [(r.name, figures.get(r.pk) or dict.fromkeys(keys, 0)) for r in regions]
    if len(regions) > 1:
        total = {key: sum((f.get(key) or 0) for _, f in rows) for key in keys}
        rows.append((_("All selected regions"), total))
    return rows


def participation(regions, period: Period) -> Table:
    keys = ("events", "going", "attended", "no_shows", "families", "children", "childminded")
    figures = event_selectors.participation_by_region([r.pk for r in regions], period.start_at, period.end_at)
    table = Table(
        slug="participation",
        title=_("Participation in events"),
        description=_(
            "Events held (not cancelled) in the period, households who said they were going, households "
            "checked in as attending, and the families and children they brought."
        ),
        columns=[
            _("Region"),
            _("Events held"),
            _("Households going (RSVPs)"),
            _("Households attended"),
            _("Attended of those going"),
            _("No-show rate"),
            _("Families reached"),
            _("Children reached"),
            _("Children given childminding"),
        ],  # fmt: skip
        series=(4,),
        scale_max=100,
        unit="%",
        total_row=len(regions) > 1,
        derived={4: (2, 3), 5: (2,)},
    )
    for name, f in _with_total(regions, figures, keys):
        table.rows.append([
            label(name), number(f["events"]), people(f["going"]), people(f["attended"]),
            percent(f["attended"], f["going"]), percent(f["no_shows"], f["going"]), people(f["families"]),
            people(f["children"]), people(f["childminded"]),
        ])  # fmt: skip
    return suppress_complements(table)


def buddy_coverage(regions, period: Period) -> Table:
    figures = buddy_selectors.coverage_by_region([r.pk for r in regions], period.start, period.end)
    table = Table(
        slug="buddies",
        title=_("Buddy coverage"),
        description=_(
            "Caregivers approved in the period, how many had an active buddy within 30 days of approval, "
            "the median days from approval to a buddy, and pairs with no contact in the last 14 days (today)."
        ),
        columns=[
            _("Region"),
            _("Approved in the period"),
            _("Buddy within 30 days"),
            _("Share with a buddy in 30 days"),
            _("Median days to a buddy"),
            _("Pairs with no contact for 14 days"),
        ],  # fmt: skip
        series=(3,),
        scale_max=100,
        unit="%",
        total_row=len(regions) > 1,
        derived={3: (1, 2)},
    )
    rows = [(r.name, figures[r.pk]) for r in regions]
    if len(regions) > 1:
        total = {
            "approved": sum(f["approved"] for _, f in rows),
            "buddied": sum(f["buddied"] for _, f in rows),
            "days": [d for _, f in rows for d in f["days"]],
            "no_contact": sum(f["no_contact"] for _, f in rows),
        }
        rows.append((_("All selected regions"), total))
    for name, f in rows:
        table.rows.append([
            label(name), people(f["approved"]), people(f["buddied"]), percent(f["buddied"], f["approved"]),
            median_days(f["days"]), people(f["no_contact"]),
        ])  # fmt: skip
    return suppress_complements(table)


def groups(regions, period: Period, viewer) -> Table:
    keys = ("groups", "meetings", "attended", "monthly", "not_met")
    figures = group_selectors.meetings_by_region([r.pk for r in regions], period.start_at, period.end_at)
    # Health today (the groups app's own figures, as on the manager's home page): met at least
    # monthly in the last 90 days, and not met in 6 weeks.
    health = {row["name"]: row for row in group_selectors.group_health_by_region(viewer)}
    for region in regions:
        row = health.get(region.name, {})
        figures.setdefault(region.pk, dict.fromkeys(keys[:3], 0)).update(
            monthly=row.get("monthly", 0), not_met=row.get("not_met", 0)
        )
    table = Table(
        slug="groups",
        title=_("Peer groups"),
        description=_(
            "Groups in the region, their meetings in the period, meetings a month for each group "
            "(at least one a month is recommended), members recorded as attending, and, as of today, groups "
            "that met at least monthly over the last 90 days and groups that have not met in 6 weeks."
        ),
        columns=[
            _("Region"),
            _("Groups"),
            _("Meetings held"),
            _("Meetings a month per group (recommended: 1)"),
            _("Attendances recorded"),
            _("Met at least monthly (last 90 days)"),
            _("Not met in 6 weeks"),
        ],  # fmt: skip
        series=(3,),
        scale_max=2,
        total_row=len(regions) > 1,
    )
    for name, f in _with_total(regions, figures, keys):
        rate = round(f["meetings"] / f["groups"] / period.months, 2) if f["groups"] else 0.0
        table.rows.append([
            label(name), number(f["groups"]), number(f["meetings"]), number(rate), people(f["attended"]),
            number(f["monthly"]), number(f["not_met"]),
        ])  # fmt: skip
    return suppress_complements(table)


HUB_ANSWER_DAYS = 7  # a satellite asking its hub for a sleepover or a break needs an answer within the week


def constellations(regions, period: Period) -> Table:
    """Constellation health (issue 10): one row per constellation (a hub home and its satellite
    households), with a total row that secondary suppression protects like the region tables."""
    figures = group_selectors.constellation_health(
        [r.pk for r in regions], period.start_at, period.end_at, answer_days=HUB_ANSWER_DAYS
    )
    table = Table(
        slug="constellations",
        title=_("Constellation health"),
        description=_(
            "For each constellation (a hub home and its satellite households): satellite households today, "
            "requests to the hub made in the period, how many the hub answered within %(days)d days, the "
            "median days to an answer, and the hub's meetings in the period with attendances recorded."
        )
        % {"days": HUB_ANSWER_DAYS},
        columns=[
            _("Constellation"),
            _("Satellite households"),
            _("Requests to the hub"),
            _("Answered within %(days)d days") % {"days": HUB_ANSWER_DAYS},
            _("Share answered within %(days)d days") % {"days": HUB_ANSWER_DAYS},
            _("Median days to an answer"),
            _("Hub meetings held"),
            _("Attendances recorded"),
        ],  # fmt: skip
        series=(4,),
        scale_max=100,
        unit="%",
        total_row=len(figures) > 1,
        derived={4: (2, 3)},
    )
    rows = [(_("%(name)s (%(region)s)") % f, f) for f in figures]
    if len(figures) > 1:
        keys = ("satellites", "requests", "answered_in_time", "meetings", "attended")
        total = {key: sum(f[key] for f in figures) for key in keys}
        total["days"] = [d for f in figures for d in f["days"]]
        rows.append((_("All constellations"), total))
    for name, f in rows:
        table.rows.append([
            label(name), people(f["satellites"]), people(f["requests"]), people(f["answered_in_time"]),
            percent(f["answered_in_time"], f["requests"]), median_days(f["days"]), number(f["meetings"]),
            people(f["attended"]),
        ])  # fmt: skip
    return suppress_complements(table)


def _answers(regions, period: Period):
    return Answer.objects.filter(
        response__survey__region__in=regions,
        response__submitted_at__gte=period.start_at,
        response__submitted_at__lt=period.end_at,
    )


def satisfaction(regions, period: Period) -> Table:
    rows = (
        _answers(regions, period)
        .filter(question__in=("overall", "connected"), response__survey__kind__in=list(SUPPORT_OF))
        .values("response__survey__kind", "question")
        .order_by()
        .annotate(n=Count("pk"), total=Sum("value"), agree=Count("pk", filter=Q(value__gte=4)))
    )
    by_support: dict[str, dict] = {str(s): {"n": 0, "total": 0, "cn": 0, "agree": 0} for s in SUPPORT_OF.values()}
    for row in rows:
        figures = by_support[str(SUPPORT_OF[row["response__survey__kind"]])]
        if row["question"] == "overall":
            figures["n"] += row["n"]
            figures["total"] += row["total"] or 0
        else:
            figures["cn"] += row["n"]
            figures["agree"] += row["agree"]
    table = Table(
        slug="satisfaction",
        title=_("Satisfaction by kind of support"),
        description=_(
            "Answers to “Overall, how was it?” (1 poor to 5 excellent) after events, from buddy pairs and "
            "from peer groups, and the share who agree they feel more connected to other caregivers."
        ),
        columns=[
            _("Kind of support"),
            _("People who answered"),
            _("Average rating (1–5)"),
            _("Feel more connected (agree)"),
        ],  # fmt: skip
        series=(2,),
        scale_max=5,
    )
    for name, f in by_support.items():
        table.rows.append([label(name), people(f["n"]), mean(f["total"], f["n"]), percent(f["agree"], f["cn"])])
    return table


def wellbeing_round_label(round_: int) -> str:
    if round_ == 0:
        return _("At joining (baseline)")
    if round_ >= WELLBEING_ROUNDS:
        return _("%(months)d months or later") % {"months": 3 * WELLBEING_ROUNDS}
    return _("After %(months)d months") % {"months": 3 * round_}


def wellbeing(regions, period: Period) -> Table:
    rows = (
        _answers(regions, period)
        .filter(question__in=WELLBEING_CODES, response__survey__kind=SurveyKind.WELLBEING)
        .values("response__survey__round", "question")
        .order_by()
        .annotate(n=Count("pk"), total=Sum("value"))
    )
    figures = {r: {code: [0, 0] for code in WELLBEING_CODES} for r in range(WELLBEING_ROUNDS + 1)}
    for row in rows:
        cell = figures[min(row["response__survey__round"], WELLBEING_ROUNDS)][row["question"]]
        cell[0] += row["n"]
        cell[1] += row["total"] or 0
    table = Table(
        slug="wellbeing",
        title=_("Wellbeing check-ins, from the baseline"),
        description=_(
            "Average answers (1 not at all to 5 a great deal) at joining and at each 3-monthly check-in "
            "answered in the period. Isolation and stress should go down, confidence and intention to keep caring up."
        ),
        columns=[
            _("Check-in"),
            _("People who answered"),
            _("Isolation"),
            _("Confidence"),
            _("Stress"),
            _("Intend to keep caring"),
        ],  # fmt: skip
        series=(2, 3),
        scale_max=5,
    )
    for round_, by_code in figures.items():
        n = by_code["isolation"][0]
        table.rows.append(
            [label(wellbeing_round_label(round_)), people(n)]
            + [mean(by_code[code][1], by_code[code][0]) for code in WELLBEING_CODES]
        )
    return table


def workload(regions, period: Period) -> Table:
    ids = [r.pk for r in regions]
    workers = list(
        User.objects.filter(role=Role.SOCIAL_WORKER, is_active=True, staff_profile__regions__in=ids)
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )
    caseloads = dict(
        CaregiverProfile.objects.filter(region_id__in=ids, social_worker__isnull=False)
        .values_list("social_worker_id")
        .order_by()
        .annotate(n=Count("pk"))
    )
    waiting = dict(
        buddy_selectors.unmatched_new_caregivers(regions)
        .filter(social_worker__isnull=False)
        .values_list("social_worker_id")
        .order_by()
        .annotate(n=Count("pk"))
    )
    follow_ups = event_selectors.follow_ups_by_staff(ids, period.start_at, period.end_at)
    shared = dict(
        Response.objects.filter(
            survey__region__in=regions,
            submitted_at__gte=period.start_at,
            submitted_at__lt=period.end_at,
            share_name=True,
            user__caregiver_profile__social_worker__isnull=False,
        )
        .values_list("user__caregiver_profile__social_worker_id")
        .order_by()
        .annotate(n=Count("pk"))
    )
    table = Table(
        slug="workload",
        title=_("Social workers’ follow-up workload"),
        description=_(
            "For each social worker in the selected regions: caregivers on their caseload, new caregivers "
            "still waiting for a buddy, follow-up calls, texts and emails about events logged in the period, "
            "and feedback answers with the caregiver’s name shared, to follow up."
        ),
        columns=[
            _("Social worker"),
            _("Caregivers on caseload"),
            _("New caregivers waiting for a buddy"),
            _("Event follow-ups logged"),
            _("Named feedback to follow up"),
        ],  # fmt: skip
        series=(3,),
    )
    for worker in workers:
        table.rows.append([
            label(worker.display_name), people(caseloads.get(worker.pk, 0)), people(waiting.get(worker.pk, 0)),
            people(follow_ups.get(worker.pk, 0)), people(shared.get(worker.pk, 0)),
        ])  # fmt: skip
    return table


FREE_TEXT_SURVEYS = 20


def _free_text_surveys(regions, period: Period) -> list[Survey]:
    """The latest surveys in the period with written answers that at least SMALL people
    answered (fewer, and a comment could be told apart). One query."""
    with_text = [kind for kind, codes in QUESTIONS_OF.items() if any(QUESTIONS[c].is_text for c in codes)]
    return list(
        Survey.objects.filter(
            kind__in=with_text,
            region__in=regions,
            responses__submitted_at__gte=period.start_at,
            responses__submitted_at__lt=period.end_at,
        )
        .annotate(answered=Count("responses", distinct=True))
        .filter(answered__gte=SMALL)
        .select_related("event", "group")
        .order_by("-created_at", "-pk")[:FREE_TEXT_SURVEYS]
    )


def free_text(regions, period: Period) -> list[dict]:
    """What people wrote, for the latest surveys in the period that at least SMALL people
    answered. Anonymous unless the person chose to share their name: then ``author_id``
    says whose answers the page shows (a read of them, issue 15). Two queries."""
    surveys = _free_text_surveys(regions, period)
    answers = (
        Answer.objects.filter(response__survey__in=surveys)
        .exclude(text="")
        .exclude(question__in=COORDINATOR_ONLY)  # the pair's coordinator's alone
        .select_related("response__user")
        .order_by("response__survey", "question", "pk")
    )
    comments: dict[int, list] = {}
    for answer in answers:
        shared = answer.response.share_name
        comments.setdefault(answer.response.survey_id, []).append(
            {
                "question": answer.question_text,
                "text": answer.text,
                "name": answer.response.user.display_name if shared else None,
                "author_id": answer.response.user_id if shared else None,
            }
        )
    found = []
    for survey in surveys:
        about = survey.event.title if survey.event_id else survey.group.name if survey.group_id else ""
        if survey.pk in comments:
            found.append(
                {"survey": survey, "about": about, "answered": survey.answered, "comments": comments[survey.pk]}
            )
    return found


def named_authors(comments: list[dict]) -> list[tuple[int, int]]:
    """(person, survey) for each person named with their answers in ``free_text``'s answer."""
    return sorted(
        {(c["author_id"], item["survey"].pk) for item in comments for c in item["comments"] if c["author_id"]}
    )


def named_authors_shown(regions, period: Period) -> list[tuple[int, int]]:
    """The same as ``named_authors(free_text(...))`` without reading the answers' text: for a
    report drawn from the page cache, whose reads are recorded too. Two queries."""
    surveys = _free_text_surveys(regions, period)
    named = (
        Answer.objects.filter(response__survey__in=surveys, response__share_name=True)
        .exclude(text="")
        .exclude(question__in=COORDINATOR_ONLY)
        .values_list("response__user_id", "response__survey_id")
        .distinct()
    )
    return sorted(named)


def closing_answers(match) -> list:
    """The close-the-loop answers to the pair's end-of-pairing survey, with who wrote them,
    oldest first (for the coordinator only: feedback.access). One query."""
    return list(
        Answer.objects.filter(
            response__survey__match=match,
            response__survey__kind=SurveyKind.BUDDY_END,
            question__in=COORDINATOR_ONLY,
        )
        .exclude(text="")
        .select_related("response__user")
        .order_by("response__submitted_at", "pk")
    )
