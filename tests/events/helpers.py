"""Small helpers for the staff-side event tests: New Zealand times and form data."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone

NZ = zoneinfo.ZoneInfo("Pacific/Auckland")
INPUT = "%Y-%m-%dT%H:%M"


def next_local(weekday: int, at: time, *, weeks: int = 1, tz=NZ) -> datetime:
    """The given weekday (Monday = 0) at ``at`` local time, at least ``weeks`` weeks ahead, as an aware datetime."""
    today = timezone.localdate(timezone=tz)
    day = today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)
    return datetime.combine(day, at, tzinfo=tz)


def local_input(value: datetime, tz=NZ) -> str:
    """How a datetime-local input sends ``value``: local wall time, to the minute."""
    return value.astimezone(tz).strftime(INPUT)


def next_year(month: int, day: int) -> date:
    return date(timezone.localdate().year + 1, month, day)


def form_data(form: forms.Form, **overrides) -> dict:
    """What a browser would submit for ``form`` as rendered (its initial values), with ``overrides``."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif isinstance(value, datetime):
            data[name] = local_input(value)
        else:
            data[name] = "" if value is None else value
    for name, value in overrides.items():
        if value is None or value is False:  # an unticked box is not sent
            data.pop(name, None)
        elif value is True:
            data[name] = "on"
        elif isinstance(value, datetime):
            data[name] = local_input(value)
        else:
            data[name] = value
    return data
