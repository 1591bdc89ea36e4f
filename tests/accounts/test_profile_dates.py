"""When a caregiver started caring: not in the future, not before 1940, said next to the field."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import CaregiverProfile


def profile_data(client, **overrides) -> dict:
    form = client.get(reverse("profile")).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif isinstance(value, list) or value is not None:
            data[name] = value
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0001-01-01", "Enter a date after 1940. An approximate date is fine."),
        ("1939-12-31", "Enter a date after 1940. An approximate date is fine."),
        ("2999-01-01", "This date is in the future. Enter when you started caring."),
    ],
)
def test_an_implausible_start_of_caring_is_refused_and_nothing_is_lost(client, caregiver, typed, message):
    client.force_login(caregiver)
    before = CaregiverProfile.objects.get(user=caregiver).started_caring_on
    response = client.post(reverse("profile"), profile_data(client, started_caring_on=typed))
    assert response.status_code == 200
    assert response.context["form"].errors["started_caring_on"] == [message]
    assert CaregiverProfile.objects.get(user=caregiver).started_caring_on == before


def test_the_database_refuses_a_start_of_caring_before_1940(caregiver):
    with pytest.raises(IntegrityError), transaction.atomic():
        CaregiverProfile.objects.filter(user=caregiver).update(started_caring_on=date(1, 1, 1))
