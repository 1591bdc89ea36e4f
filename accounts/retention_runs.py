"""Running every retention rule, and what the operations page and README say about them.

The rules live in each app's ``retention.py`` (``accounts.personal_data.RetentionRule``); their
periods in ``settings.RETENTION``. :func:`apply_all` is what beat runs daily
(``accounts.tasks.apply_retention``):

0. Claimed in the cache, so that two runs never overlap.
1. Each registered rule, in key order, in a transaction of its own, with the same ``now``.
2. A rule that raises is rolled back and recorded as failed (its exception's class name only);
   the others still run.
3. Each run is recorded as a ``RetentionRun`` row as soon as it ends, so a run killed half-way
   still shows the rules it finished. Running it again changes nothing more: every rule is
   idempotent.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext, ngettext, override

from .models import RetentionRun
from .personal_data import RetentionRule, retention_rules

logger = logging.getLogger(__name__)

# Runs are counts and times; a quarter of them is plenty to see a pattern of failures.
KEEP_RUNS_FOR = timedelta(days=90)


def rules_by_key() -> dict[str, RetentionRule]:
    return {rule.key: rule for rule in sorted(retention_rules(), key=lambda rule: rule.key)}


# One run at a time (a second beat, a run by hand): two runs of the posts rule at once would
# write its audit rows twice. The cache is Redis in production, shared by every worker; a run
# killed half-way frees the claim within the hour, the beat entry's expiry.
RUNNING_CACHE_KEY = "retention:running"
RUNNING_TIMEOUT_SECONDS = 60 * 60


def apply_all(now: datetime | None = None) -> list[RetentionRun]:
    """Every rule, once; nothing (an empty list) while another run holds the claim."""
    claim = uuid.uuid4().hex
    if not cache.add(RUNNING_CACHE_KEY, claim, RUNNING_TIMEOUT_SECONDS):
        logger.warning("retention: another run is in progress; this one does nothing")
        return []
    try:
        return _apply_all(now or timezone.now())
    finally:
        if cache.get(RUNNING_CACHE_KEY) == claim:
            cache.delete(RUNNING_CACHE_KEY)


def _apply_all(now: datetime) -> list[RetentionRun]:
    runs = []
    for key, rule in rules_by_key().items():
        started = timezone.now()
        try:
            with transaction.atomic():
                changed = rule.apply(now)
        except Exception as exc:  # one rule's failure must not stop the others
            # Not logger.exception: the message and traceback of a database error can quote
            # the row (a post's text, a name); the class name and the rule are enough to start.
            logger.error("retention rule %s failed: %s", key, type(exc).__name__)  # noqa: TRY400
            run = RetentionRun(key=key, ok=False, error=type(exc).__name__[:100])
        else:
            run = RetentionRun(key=key, ok=True, rows_changed=changed)
        run.started_at, run.finished_at = started, timezone.now()
        run.save()
        runs.append(run)
    RetentionRun.objects.filter(started_at__lt=now - KEEP_RUNS_FOR).delete()
    return runs


# --- What the operations page shows -------------------------------------------------------------


def period_text(period: timedelta) -> str:
    """7 years, 30 days, 24 hours, at once: the table's period column."""
    days, hours = period.days, int(period.total_seconds()) // 3600
    if days and days % 365 == 0:
        return ngettext("%(n)d year", "%(n)d years", days // 365) % {"n": days // 365}
    if days >= 2:
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if hours:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    return gettext("at once")


@dataclasses.dataclass(frozen=True)
class RuleRow:
    key: str
    model: str  # the model's name, e.g. "message"
    period: str
    period_note: Any
    counted_from: Any
    action: Any
    last_run: RetentionRun | None


@dataclasses.dataclass(frozen=True)
class RetentionOverview:
    rows: list[RuleRow]
    last_run_at: datetime | None  # the latest run of any rule

    @property
    def late(self) -> bool:
        return self.last_run_at is None or timezone.now() - self.last_run_at > settings.RETENTION_LATE_AFTER

    @property
    def failed(self) -> list[RuleRow]:
        return [row for row in self.rows if row.last_run and not row.last_run.ok]


def model_name(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except LookupError:
        return label


def overview() -> RetentionOverview:
    """Each rule with its latest run: one query, whatever the number of runs."""
    latest = RetentionRun.objects.filter(key=OuterRef("key")).order_by("-started_at", "-pk").values("pk")[:1]
    runs = {run.key: run for run in RetentionRun.objects.filter(pk=Subquery(latest))}
    rows = [
        RuleRow(
            key=key,
            model=model_name(rule.model),
            period=period_text(settings.RETENTION[key]) if key in settings.RETENTION else "?",
            period_note=rule.period_note,
            counted_from=rule.counted_from,
            action=rule.action,
            last_run=runs.get(key),
        )
        for key, rule in rules_by_key().items()
    ]
    times = [run.started_at for run in runs.values()]
    return RetentionOverview(rows=rows, last_run_at=max(times) if times else None)


# --- The README's table -----------------------------------------------------------------------


README_BEGIN = (
    "<!-- retention table: generated from settings.RETENTION and the rules; see tests/peersupport/test_retention.py -->"
)
README_END = "<!-- end of retention table -->"


def readme_table() -> str:
    """The README's "How long we keep things" tables, in English (the README is not translated)."""
    with override("en-nz"):
        return _readme_table()


def _readme_table() -> str:
    lines = [
        README_BEGIN,
        "",
        "| What (model) | Kept for | Counted from | Then |",
        "|---|---|---|---|",
    ]
    for key, rule in rules_by_key().items():
        period = period_text(settings.RETENTION[key])
        if rule.period_note:
            period = f"{period} ({rule.period_note})"
        lines.append(f"| `{key}` ({rule.model}) | {period} | {rule.counted_from} | {rule.action} |")
    lines += [
        "",
        "Kept as long as the account (erased or anonymised when it is closed):",
        "",
        "| Model | Why it has no clock of its own |",
        "|---|---|",
    ]
    lines += [f"| {label} | {why} |" for label, why in sorted(settings.RETENTION_KEPT.items())]
    lines += ["", README_END]
    return "\n".join(lines)
