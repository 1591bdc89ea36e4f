"""Plausible ranges for dates people type.

A typo such as year 0001 must be refused next to the field: PostgreSQL would
store it (as a BC date, once a time zone is applied) and Python could not read
it back, taking down every page that lists the row. Forms use these
validators; models back them with check constraints.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext

# Events, meetings, surveys: anything the portal schedules.
EVENT_YEARS = (2000, 2100)
# When a caregiver was approved or started caring: a long career, never the future.
CAREER_START_YEAR = 1940


@deconstructible
class YearRange:
    """The date (or date and time) falls in ``first``–``last`` inclusive."""

    def __init__(self, first: int, last: int, message: str | None = None):
        self.first, self.last = first, last
        self.message = message

    def __call__(self, value: date | datetime | None) -> None:
        if value is not None and not self.first <= value.year <= self.last:
            # Worded when it is raised, in the language of the request (the validator is made at import).
            message = self.message or gettext("Enter a date between %(first)d and %(last)d.")
            raise ValidationError(message, code="year_out_of_range", params={"first": self.first, "last": self.last})

    def __eq__(self, other) -> bool:
        return isinstance(other, YearRange) and (self.first, self.last, self.message) == (
            other.first,
            other.last,
            other.message,
        )


event_years = YearRange(*EVENT_YEARS)


def past_career_date(value: date | None, *, today: date, future_message: str) -> date | None:
    """An approval or start-of-caring date: not in the future, not before 1940."""
    if value is None:
        return None
    if value > today:
        raise ValidationError(future_message, code="future")
    if value.year < CAREER_START_YEAR:
        raise ValidationError(
            gettext("Enter a date after %(year)d. An approximate date is fine."),
            code="too_old",
            params={"year": CAREER_START_YEAR},
        )
    return value
