"""The background task that prepares a download: queued → running → ready (or failed),
progress per section, ready for 24 hours, and the same result however often it runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError

from accounts import personal_data
from mydata import services
from mydata.models import DataExport, ExportStatus
from mydata.tasks import prepare_export


@pytest.fixture
def queued(caregiver):
    return DataExport.objects.create(user=caregiver)


def _snapshot(export_id: int) -> tuple:
    export = DataExport.objects.get(pk=export_id)
    return (export.status, export.progress, export.document, export.finished_at, export.expires_at)


def test_the_task_prepares_the_document_and_keeps_it_24_hours(queued, caregiver):
    assert prepare_export.apply(args=[queued.pk]).get() is True
    queued.refresh_from_db()
    assert queued.status == ExportStatus.READY
    assert queued.progress == 100
    assert queued.document["person"]["email"] == caregiver.email
    assert queued.expires_at - queued.finished_at == timedelta(hours=24)


def test_the_task_run_twice_gives_the_same_result(queued):
    prepare_export.apply(args=[queued.pk])
    first = _snapshot(queued.pk)
    assert prepare_export.apply(args=[queued.pk]).get() is False
    assert _snapshot(queued.pk) == first


def test_progress_is_recorded_after_each_section(queued, monkeypatch):
    seen = []
    real = services._progress

    def spy(export_id, done, total):
        real(export_id, done, total)
        seen.append(DataExport.objects.get(pk=export_id).progress)

    monkeypatch.setattr(services, "_progress", spy)
    services.export_prepare(export_id=queued.pk)
    total = len(personal_data.export_sections())
    assert len(seen) == total
    assert seen == sorted(seen) and seen[0] > 0 and seen[-1] == 99  # 100 only once stored


def test_a_failing_section_marks_the_export_failed_and_the_task_is_still_idempotent(queued, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "build_document", broken)
    assert prepare_export.apply(args=[queued.pk]).get() is False
    first = _snapshot(queued.pk)
    assert first[0] == ExportStatus.FAILED and first[2] is None
    prepare_export.apply(args=[queued.pk])
    assert _snapshot(queued.pk) == first


def test_the_database_refuses_a_second_download_in_progress(queued, caregiver):
    with pytest.raises(IntegrityError):
        DataExport.objects.create(user=caregiver)


def test_asking_while_one_is_in_progress_starts_nothing(queued, caregiver):
    queued_ids = []
    with pytest.raises(services.ExportInProgress):
        services.export_request(user=caregiver, enqueue=queued_ids.append)
    assert DataExport.objects.filter(user=caregiver).count() == 1
    assert queued_ids == []


def test_a_download_stuck_for_a_long_time_is_failed_when_the_person_asks_again(
    queued, caregiver, django_capture_on_commit_callbacks
):
    DataExport.objects.filter(pk=queued.pk).update(requested_at=queued.requested_at - services.STALE_AFTER)
    queued_ids = []
    with django_capture_on_commit_callbacks(execute=True):
        fresh = services.export_request(user=caregiver, enqueue=queued_ids.append)
    assert DataExport.objects.get(pk=queued.pk).status == ExportStatus.FAILED
    assert queued_ids == [fresh.pk]
