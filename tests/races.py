"""Running jobs at the same moment on real threads, each with its own database
connection: for the tests that show a lock or a constraint holds under a race."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from django.db import connection


def run_together(jobs: Iterable[Callable[[], object]], *, refused: tuple[type[BaseException], ...] = ()) -> list:
    """Start every job at once (a barrier) and wait for them all. Returns the errors raised,
    leaving out ``refused``: the refusals the service is meant to give the losers."""
    jobs = list(jobs)
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job):
        try:
            barrier.wait(timeout=10)
            job()
        except refused:
            pass
        except BaseException as exc:  # noqa: BLE001 - reported to the test, which asserts there are none
            errors.append(exc)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors
