"""Query budgets for list pages: the same number of queries for few rows as for many."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(fetch: Callable[[], object]) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = fetch()
    status = getattr(response, "status_code", 200)
    assert status == 200, f"expected 200, got {status}"
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def assert_constant_queries(fetch: Callable[[], object], add_rows: Callable[[], None], *, expected: int) -> None:
    """Fetch, add many rows, fetch again: both runs must issue ``expected`` queries.

    On failure the SQL of both runs is printed, so the extra query is easy to find.
    """
    few, few_sql = count_queries(fetch)
    add_rows()
    many, many_sql = count_queries(fetch)
    if few != expected or many != expected:
        listing = "\n".join(f"  {i}. {sql}" for i, sql in enumerate(many_sql, 1))
        raise AssertionError(
            f"expected {expected} queries; got {few} with few rows and {many} with many rows:\n{listing}"
        )
