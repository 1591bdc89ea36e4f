"""Demo group discussions: a few harmless conversations in every demo group, and one
protected name for ``carer@example.org`` (given in the README) so the guard can be tried.

Runs after ``groups.demo``. Posts are written directly, as if made long ago: the demo tells
nobody anything through the outbox. A group that already has conversations is left alone,
and the protected name is added once, so a second run makes nothing new.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from groups import access as group_access
from groups import selectors as group_selectors

from . import services
from .models import Post, ProtectedName, Thread

STEPS = ("Group discussions",)
CARER_EMAIL = "carer@example.org"
# The name carer@example.org protects (README, demo section): try "Manaaki starts at
# Hillside Kindergarten next week" in a post to see the guard stop it.
CARER_PROTECTED_NAME = "Manaaki"

CONVERSATIONS = [
    (
        "Getting through the school holidays",
        [
            "Any ideas for cheap days out over the holidays? Ours are bouncing off the walls already.",
            "The library has free craft mornings on Tuesdays. We went last week and Miss 7 loved it.",
            "Beach and a picnic if the weather holds. Kai in the car, nobody gets hangry.",
        ],
    ),
    (
        "Contact visits: how do you handle the day after?",
        [
            "The wee man is always unsettled the day after contact. How do you all handle it?",
            "We keep the next day really quiet: no plans, favourite tea, early night. It helps.",
            "Same here. Our SW suggested a memory box and it has made a real difference for J.",
        ],
    ),
]


def _no_progress(step: str) -> None:
    return None


def seed(*, progress: Callable[[str], None] = _no_progress) -> int:
    """Conversations in each demo group; returns how many groups have them.

    1. carer@example.org's protected name (its keyed hashes), once.
    2. In each group with active members and no conversation yet: two conversations
       of three posts by its members, dated over the last fortnight.
    """
    progress(STEPS[0])
    carer = User.objects.get(email=CARER_EMAIL)
    if not ProtectedName.objects.filter(user=carer).exists():
        services.protected_name_add(user=carer, name=CARER_PROTECTED_NAME)
    now = timezone.now()
    with_discussion = 0
    for group in group_access.groups_visible_to(carer).order_by("pk"):
        members = [m.user for m in group_selectors.active_members(group).select_related("user").order_by("pk")]
        if not members:
            continue
        with_discussion += 1
        if Thread.objects.filter(group=group).exists():
            continue
        for days_ago, (title, bodies) in zip((12, 4), CONVERSATIONS, strict=True):
            thread = Thread.objects.create(group=group, title=title, author=members[0], last_post_at=now)
            for i, body in enumerate(bodies):
                post = Post.objects.create(thread=thread, author=members[i % len(members)], body=body)
                at = now - timedelta(days=days_ago - i)
                Post.objects.filter(pk=post.pk).update(created_at=at)
            Thread.objects.filter(pk=thread.pk).update(last_post_at=at)
    return with_discussion
