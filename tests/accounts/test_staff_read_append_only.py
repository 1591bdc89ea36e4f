"""accounts.StaffRead is append-only in PostgreSQL (migration 0007's trigger): an UPDATE or
DELETE is refused, raw or through the ORM, except the update closing an account makes
(subject to none, reason blanked); the admin offers no add, change or delete."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import RequestFactory

from accounts.models import ReadKind, StaffRead
from accounts.reads import record_read


@pytest.fixture
def read(caregiver, social_worker):
    return record_read(
        reader=social_worker, subject=caregiver, what=ReadKind.CSV_EXPORT, object_id=7, reason="Name badges"
    )


def refused(statement) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        statement()


def raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_raw_update_and_delete_are_refused(read, manager):
    refused(lambda: raw("UPDATE accounts_staffread SET what = 'record' WHERE id = %s", [read.pk]))
    refused(lambda: raw("UPDATE accounts_staffread SET reader_id = %s WHERE id = %s", [manager.pk, read.pk]))
    refused(lambda: raw("UPDATE accounts_staffread SET at = now() - interval '1 day' WHERE id = %s", [read.pk]))
    refused(lambda: raw("DELETE FROM accounts_staffread WHERE id = %s", [read.pk]))
    read.refresh_from_db()
    assert (read.what, read.reader_id, read.reason) == (ReadKind.CSV_EXPORT, read.reader_id, "Name badges")


def test_orm_update_save_and_delete_are_refused(read):
    refused(lambda: StaffRead.objects.filter(pk=read.pk).update(reason="nothing to see"))
    read.object_id = 8
    refused(read.save)
    refused(read.delete)
    refused(lambda: StaffRead.objects.all().delete())
    assert StaffRead.objects.filter(pk=read.pk, object_id=7).exists()


def test_keeping_the_subject_while_blanking_the_reason_is_refused(read):
    # Only the closure's update as a whole passes: the reason alone may not be rewritten.
    refused(lambda: StaffRead.objects.filter(pk=read.pk).update(reason=""))


def test_the_closure_update_passes(read):
    """Closing an account: the subject becomes none and the reason is blanked; who read, what
    kind and when stay (a deleted caregiver's rows are set to none by the foreign key too)."""
    StaffRead.objects.filter(pk=read.pk).update(subject=None, reason="")
    read.refresh_from_db()
    assert (read.subject_id, read.reason, read.what, read.object_id) == (None, "", ReadKind.CSV_EXPORT, 7)
    # Once more, as raw SQL, keeping the reason: also allowed by the trigger.
    raw("UPDATE accounts_staffread SET subject_id = NULL WHERE id = %s", [read.pk])


def test_a_caregiver_deleted_leaves_the_reads_without_a_subject(read, caregiver):
    caregiver.delete()
    read.refresh_from_db()
    assert read.subject_id is None and read.reason == "Name badges"


def test_the_admin_offers_no_add_change_or_delete(superuser, read):
    request = RequestFactory().get("/admin/accounts/staffread/")
    request.user = superuser
    model_admin = site._registry[StaffRead]
    assert model_admin.has_view_permission(request, read)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, read)
    assert not model_admin.has_delete_permission(request, read)
