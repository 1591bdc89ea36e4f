from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from directory.models import (
    CareMapEntry,
    CareMapKind,
    Listing,
    ListingAudience,
    ListingKind,
    Ring,
    TrainingCompletion,
)
from tests.accounts.factories import RegionFactory, UserFactory


class ListingFactory(factory.django.DjangoModelFactory):
    """A current support organisation in Wellington, checked a month ago."""

    class Meta:
        model = Listing
        skip_postgeneration_save = True

    kind = ListingKind.ORGANISATION
    name = factory.Sequence(lambda n: f"Caregiver support service {n}")
    summary = "Peer support, advice and a listening ear for caregivers."
    region = factory.SubFactory(RegionFactory, name="Wellington", slug="wellington")
    audience = ListingAudience.ALL
    how_to_contact = "Call or email; we reply within two working days."
    phone = "0800 000 101"
    email = "hello@support.example.org"
    website = "https://support.example.org"
    cost = "Free"
    last_checked = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class CourseFactory(ListingFactory):
    kind = ListingKind.COURSE
    name = factory.Sequence(lambda n: f"Training course {n}")


class TrainingCompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCompletion

    user = factory.SubFactory(UserFactory)
    listing = factory.SubFactory(CourseFactory)
    completed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))


class CareMapEntryFactory(factory.django.DjangoModelFactory):
    """A person on the close ring of someone's care map."""

    class Meta:
        model = CareMapEntry

    owner = factory.SubFactory(UserFactory)
    kind = CareMapKind.PERSON
    label = factory.Sequence(lambda n: f"Friend {n}")
    ring = Ring.CLOSE
