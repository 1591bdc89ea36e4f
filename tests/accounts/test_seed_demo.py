"""seed_demo creates the documented accounts and can be run again without duplicating anything."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from accounts.management.commands.seed_demo import DEMO_PASSWORD
from accounts.models import CaregiverProfile, Invitation, Region, Role, StaffProfile, User


def counts():
    return (
        User.objects.count(),
        CaregiverProfile.objects.count(),
        StaffProfile.objects.count(),
        Region.objects.count(),
        Invitation.objects.count(),
    )


def test_seed_demo_is_idempotent_and_creates_the_documented_accounts(db):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first

    assert set(Region.objects.values_list("name", flat=True)) == {"Wellington", "Auckland", "Canterbury"}
    for email in ["manager@example.org", "worker@example.org", "carer@example.org", "newcarer@example.org"]:
        assert authenticate(email=email, password=DEMO_PASSWORD) is not None, email

    manager = User.objects.get(email="manager@example.org")
    assert manager.role == Role.MANAGER and manager.staff_profile.all_regions
    worker = User.objects.get(email="worker@example.org")
    assert worker.role == Role.SOCIAL_WORKER
    assert list(worker.staff_profile.regions.values_list("name", flat=True)) == ["Wellington"]

    carer = CaregiverProfile.objects.get(user__email="carer@example.org")
    assert (carer.region.name, carer.locality, carer.status, carer.years_caring) == (
        "Wellington",
        "Lower Hutt",
        "approved",
        6,
    )
    assert carer.contact_by_sms and carer.contact_by_email and carer.phone.startswith("+64")

    newcarer = CaregiverProfile.objects.get(user__email="newcarer@example.org")
    assert (newcarer.region.name, newcarer.locality, newcarer.status) == ("Wellington", "Porirua", "approved")
    assert newcarer.approved_on == timezone.localdate() - timedelta(days=10)

    assert CaregiverProfile.objects.count() >= 32  # the four named accounts' two caregivers + at least 30 more
    assert User.objects.filter(role=Role.SOCIAL_WORKER).count() >= 3
    assert set(CaregiverProfile.objects.values_list("region__name", flat=True)) == {
        "Wellington",
        "Auckland",
        "Canterbury",
    }
