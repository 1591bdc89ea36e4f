"""privacy.demo: conversations in the demo groups, carer@example.org's protected name, no outbox."""

from __future__ import annotations

import io

from django.core.management import call_command

from accounts.models import User
from notifications.models import Message
from privacy import demo, guard, services
from privacy.models import Post, ProtectedName, Thread


def test_seed_demo_adds_conversations_and_the_protected_name_once(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    counts = (Thread.objects.count(), Post.objects.count(), ProtectedName.objects.count())
    assert counts[0] >= 8 and counts[1] >= 24 and counts[2] == 1
    assert not Message.objects.filter(kind__startswith="privacy_").exists()
    assert demo.seed() >= 8
    assert (Thread.objects.count(), Post.objects.count(), ProtectedName.objects.count()) == counts

    carer = User.objects.get(email="carer@example.org")
    findings = services.check_text(user=carer, text=f"{demo.CARER_PROTECTED_NAME} starts at Hillside Kindergarten")
    assert [f.category for f in findings] == [guard.PROTECTED_NAME, guard.SCHOOL]
    # The demo posts themselves pass the guard.
    for body in Post.objects.values_list("body", flat=True).distinct():
        assert guard.check(body) == [], body
