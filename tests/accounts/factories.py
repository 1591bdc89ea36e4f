from __future__ import annotations

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from accounts.models import CaregiverProfile, CaregiverStatus, Region, Role, StaffProfile, User

PASSWORD = "correct horse battery staple"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    timezone = "Pacific/Auckland"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.CAREGIVER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class CaregiverFactory(factory.django.DjangoModelFactory):
    """A caregiver: the profile, with its user."""

    class Meta:
        model = CaregiverProfile

    user = factory.SubFactory(UserFactory, role=Role.CAREGIVER)
    region = factory.SubFactory(RegionFactory, name="Wellington")
    locality = "Lower Hutt"
    status = CaregiverStatus.APPROVED
    approved_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=400))
    contact_by_email = True


def make_staff(*, role: str, regions: list[Region], mfa: bool = True, all_regions: bool = False, **user_fields) -> User:
    user = UserFactory(role=role, **user_fields)
    profile = StaffProfile.objects.create(user=user, all_regions=all_regions)
    profile.regions.set(regions)
    if mfa:
        add_totp(user)
    return user


def add_totp(user: User) -> str:
    """Give the user a real TOTP authenticator; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret
