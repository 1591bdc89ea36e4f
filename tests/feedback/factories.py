from __future__ import annotations

import factory
from django.utils import timezone

from feedback.models import Answer, Invitation, Response, Survey, SurveyKind
from tests.accounts.factories import CaregiverFactory, RegionFactory
from tests.events.factories import EventFactory


class SurveyFactory(factory.django.DjangoModelFactory):
    """An event survey about a Wellington event."""

    class Meta:
        model = Survey

    kind = SurveyKind.EVENT
    key = factory.Sequence(lambda n: f"test:{n}")
    event = factory.SubFactory(EventFactory)
    region = factory.LazyAttribute(
        lambda o: o.event.region if o.event else RegionFactory(name="Wellington", slug="wellington")
    )
    created_at = factory.LazyFunction(timezone.now)


class WellbeingSurveyFactory(SurveyFactory):
    kind = SurveyKind.WELLBEING
    event = None
    round = 0


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    survey = factory.SubFactory(SurveyFactory)
    user = factory.LazyFunction(lambda: CaregiverFactory().user)
    created_at = factory.LazyFunction(timezone.now)


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    survey = factory.SubFactory(SurveyFactory)
    user = factory.LazyFunction(lambda: CaregiverFactory().user)
    submitted_at = factory.LazyFunction(timezone.now)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question = "overall"
    value = 4


def respond(survey: Survey, values: dict, user=None, **fields) -> Response:
    """A response with answers ({code: value or text}), written directly."""
    response = ResponseFactory(survey=survey, **({"user": user} if user else {}), **fields)
    for code, value in values.items():
        if isinstance(value, str):
            AnswerFactory(response=response, question=code, value=None, text=value)
        else:
            AnswerFactory(response=response, question=code, value=value)
    return response
