"""directory 0005 folds the care map's own read log into accounts.StaffRead: every
CareMapRead row becomes a StaffRead (what="care_map") with the same reader, caregiver and
time, and the old table goes. Run on a real schema: migrated back to 0004 and forward."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import ReadKind, StaffRead

BEFORE = [("directory", "0004_caremap")]
AFTER = [("directory", "0005_caremap_reads_into_staff_reads")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_care_map_reads_are_copied_into_the_staff_read_log(caregiver, social_worker):
    try:
        old_apps = migrate(BEFORE)
        CareMapRead = old_apps.get_model("directory", "CareMapRead")
        at = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)
        CareMapRead.objects.create(owner_id=caregiver.pk, reader_id=social_worker.pk, read_at=at)
        CareMapRead.objects.create(owner_id=caregiver.pk, reader_id=social_worker.pk, read_at=at.replace(hour=10))
    finally:
        migrate(AFTER)
    rows = list(StaffRead.objects.order_by("at").values_list("reader", "subject", "what", "object_id", "reason", "at"))
    assert rows == [
        (social_worker.pk, caregiver.pk, ReadKind.CARE_MAP, None, "", at),
        (social_worker.pk, caregiver.pk, ReadKind.CARE_MAP, None, "", at.replace(hour=10)),
    ]
    assert "directory_caremapread" not in connection.introspection.table_names()
