import factory

from accounts.models import CaregiverStatus, Role
from invitations.models import Invitation
from tests.accounts.factories import RegionFactory, make_staff


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    first_name = "Kiri"
    last_name = "Invitee"
    region = factory.SubFactory(RegionFactory, name="Wellington")
    status = CaregiverStatus.PROVISIONAL
    invited_by = factory.LazyFunction(lambda: make_staff(role=Role.SOCIAL_WORKER, regions=[]))
