"""seed_demo counts its steps on stderr as it goes and says how long it took; stdout keeps
only the summary (tests/demo/test_seed_demo.py checks that line)."""

from __future__ import annotations

import io
import re

from django.core.management import call_command

from accounts import demo as accounts_demo
from buddies import demo as buddies_demo
from directory import demo as directory_demo
from events import demo as events_demo
from feedback import demo as feedback_demo
from groups import demo as groups_demo
from privacy import demo as privacy_demo


def seed(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_each_step_is_counted_with_the_time_so_far_then_the_total(db):
    out, err = seed()

    steps = [
        *accounts_demo.STEPS,
        *buddies_demo.STEPS,
        *events_demo.STEPS,
        *groups_demo.STEPS,
        *directory_demo.STEPS,
        *privacy_demo.STEPS,
        *feedback_demo.STEPS,
    ]
    lines = err.splitlines()
    assert len(lines) == len(steps) + 1
    for number, (line, step) in enumerate(zip(lines, steps, strict=False), 1):
        assert re.fullmatch(rf"\[{number}/{len(steps)} \d+\.\d s\] {re.escape(step)}", line), line
    assert re.fullmatch(r"Took \d+\.\d s\.", lines[-1])
    assert out.startswith("Demo data ready:") and out.count("\n") == 1


def test_verbosity_0_shows_no_progress(db):
    out, err = seed("--verbosity", "0")

    assert err == ""
    assert out.startswith("Demo data ready:")
