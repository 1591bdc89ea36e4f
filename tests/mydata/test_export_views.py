"""The "Your data" page and the downloads: asking, progress, the file and the readable page,
404 for someone else's, 410 Gone after 24 hours."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mydata import services
from mydata.models import DataExport, ExportStatus
from tests.mydata.everything import fill_everything, new_caregiver
from tests.querycount import count_queries

INDEX = reverse("mydata:index")


@pytest.fixture
def ready(caregiver):
    export = DataExport.objects.create(user=caregiver)
    services.export_prepare(export_id=export.pk)
    export.refresh_from_db()
    return export


def test_the_page_explains_the_rights_and_offers_the_button(client, caregiver):
    client.force_login(caregiver)
    page = client.get(INDEX).content.decode()
    assert "<h1>Your data</h1>" in page
    assert "right to a copy" in page
    assert "Prepare my download" in page
    assert "<progress" not in page


def test_asking_queues_one_export_after_commit(client, caregiver, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr("mydata.export_views.prepare_export.delay", sent.append)
    client.force_login(caregiver)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INDEX)
    assert response.status_code == 302
    export = DataExport.objects.get(user=caregiver)
    assert sent == [export.pk]
    page = client.get(INDEX).content.decode()
    assert '<progress id="export-progress" max="100" value="0"' in page
    assert 'role="status"' in page
    # Without JavaScript the page reloads itself; with it, a small local script polls.
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert "js/export-progress.js" in page
    assert "Prepare my download" not in page


def test_asking_again_while_one_is_prepared_says_so_and_starts_nothing(client, caregiver, monkeypatch):
    monkeypatch.setattr("mydata.export_views.prepare_export.delay", lambda export_id: None)
    DataExport.objects.create(user=caregiver, status=ExportStatus.RUNNING, progress=40)
    client.force_login(caregiver)
    response = client.post(INDEX)  # a second tab, or a double click
    assert response.status_code == 200
    page = response.content.decode()
    assert "already being prepared" in page
    assert 'id="error-summary"' in page
    assert "40% done" in page
    assert DataExport.objects.filter(user=caregiver).count() == 1


def test_a_ready_download_is_linked_with_its_expiry(client, caregiver, ready):
    client.force_login(caregiver)
    page = client.get(INDEX).content.decode()
    assert reverse("mydata:export_page", args=[ready.pk]) in page
    assert reverse("mydata:export_download", args=[ready.pk]) in page
    assert "Available until" in page


def test_the_file_is_an_attachment_with_the_document(client, caregiver, ready):
    client.force_login(caregiver)
    response = client.get(reverse("mydata:export_download", args=[ready.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    assert json.loads(response.content) == ready.document


def test_the_readable_page_shows_each_section_with_where_to_correct_it(client, caregiver, ready):
    client.force_login(caregiver)
    page = client.get(reverse("mydata:export_page", args=[ready.pk])).content.decode()
    for section in ready.document["sections"].values():
        assert section["title"] in page
    assert f'href="{reverse("profile")}"' in page
    assert f'href="{reverse("privacy_protected_names")}"' in page
    assert "Ask your social worker" in page


def test_after_24_hours_the_download_is_gone(client, caregiver, ready):
    DataExport.objects.filter(pk=ready.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(caregiver)
    for name in ("mydata:export_download", "mydata:export_page"):
        response = client.get(reverse(name, args=[ready.pk]))
        assert response.status_code == 410
        assert "Prepare a new download" in response.content.decode()
    assert reverse("mydata:export_page", args=[ready.pk]) not in client.get(INDEX).content.decode()


def test_someone_elses_download_is_not_found(client, caregiver_other_region, ready):
    client.force_login(caregiver_other_region)
    assert client.get(reverse("mydata:export_download", args=[ready.pk])).status_code == 404
    assert client.get(reverse("mydata:export_page", args=[ready.pk])).status_code == 404


def test_a_download_still_being_prepared_is_not_found(client, caregiver):
    export = DataExport.objects.create(user=caregiver)
    client.force_login(caregiver)
    assert client.get(reverse("mydata:export_download", args=[export.pk])).status_code == 404


def test_the_readable_page_holds_nothing_of_a_second_person(client, caregiver, social_worker, wellington):
    first = fill_everything(caregiver, tag="Alphaq", social_worker=social_worker, phone="+64215550111")
    other = new_caregiver(region=wellington, social_worker=social_worker, first_name="Brontide", email="b@example.org")
    second = fill_everything(other, tag="Bravoq", social_worker=social_worker, phone="+64215550222")
    export = DataExport.objects.create(user=caregiver)
    services.export_prepare(export_id=export.pk)
    client.force_login(caregiver)
    page = client.get(reverse("mydata:export_page", args=[export.pk])).content.decode()
    assert "Alphaq no peanuts" in page
    assert "Alphaq what works for you?" in page
    found = [marker for marker in second.all_markers + first.withheld if marker in page]
    assert found == [], f"on the page but must not be: {found}"
    assert "Not included: hidden or held to protect a child" in page


def test_the_page_lists_downloads_in_a_fixed_number_of_queries(client, caregiver):
    """Session, user, the profile check for the navigation, and one query for the downloads."""
    client.force_login(caregiver)
    few, _ = count_queries(lambda: client.get(INDEX))
    for _ in range(8):
        DataExport.objects.create(user=caregiver, status=ExportStatus.FAILED)
    many, _ = count_queries(lambda: client.get(INDEX))
    assert few == many


def test_the_file_reads_in_order_although_the_database_reorders_keys(client, caregiver, ready):
    """jsonb keeps keys shortest first; the file is served in the registry's order."""
    client.force_login(caregiver)
    text = client.get(reverse("mydata:export_download", args=[ready.pk])).content.decode()
    document = json.loads(text)
    assert list(document) == ["schema", "generated_at", "person", "sections"]
    assert list(document["sections"])[:3] == ["account", "invitations", "events"]
    account = document["sections"]["account"]
    assert list(account)[:4] == ["title", "description", "correct_at", "account"]
    assert list(account["account"])[:3] == ["first_name", "last_name", "email"]


def test_a_download_deleted_by_retention_is_gone_too(client, caregiver, ready):
    """The retention task blanks the document and marks it expired: still 410, not an error."""
    DataExport.objects.filter(pk=ready.pk).update(status=ExportStatus.EXPIRED, document=None)
    client.force_login(caregiver)
    assert client.get(reverse("mydata:export_download", args=[ready.pk])).status_code == 410
    assert client.get(reverse("mydata:export_page", args=[ready.pk])).status_code == 410
