from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from buddies.models import BuddyProfile, CheckIn, ContactType, Match, MatchStatus
from tests.accounts.factories import CaregiverFactory


def years_ago(years: float):
    return timezone.localdate() - timedelta(days=round(365.25 * years))


class ExperiencedCaregiverFactory(CaregiverFactory):
    """An approved caregiver who has cared for five years."""

    started_caring_on = factory.LazyFunction(lambda: years_ago(5))
    approved_on = factory.LazyFunction(lambda: years_ago(5))


class NewCaregiverFactory(CaregiverFactory):
    """Approved three weeks ago, started caring then."""

    approved_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=21))
    started_caring_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=21))


class BuddyProfileFactory(factory.django.DjangoModelFactory):
    """A willing buddy: an experienced caregiver with room for two."""

    class Meta:
        model = BuddyProfile
        django_get_or_create = ("user",)

    user = factory.LazyFunction(lambda: ExperiencedCaregiverFactory().user)
    willing = True
    capacity = 2


class MatchFactory(factory.django.DjangoModelFactory):
    """Written directly (bypassing the services): for setting up lists, not for testing the rules."""

    class Meta:
        model = Match

    new_caregiver = factory.LazyFunction(lambda: NewCaregiverFactory().user)
    buddy = factory.LazyFunction(lambda: BuddyProfileFactory().user)
    status = MatchStatus.SUGGESTED
    offer_expires_at = factory.LazyAttribute(
        lambda o: timezone.now() + timedelta(hours=72) if o.status == MatchStatus.OFFERED else None
    )
    started_on = factory.LazyAttribute(
        lambda o: timezone.localdate() - timedelta(days=20) if o.status in ("active", "ended") else None
    )


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    match = factory.SubFactory(MatchFactory, status=MatchStatus.ACTIVE)
    logged_by = factory.LazyAttribute(lambda o: o.match.buddy)
    contact_type = ContactType.COFFEE
    happened_on = factory.LazyFunction(timezone.localdate)
