"""Operations on the directory: curating listings, sending one to a caregiver,
recording training."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from notifications.models import Message
from notifications.services import notify

from .models import Listing, TrainingCompletion

SEND_KIND = "directory_listing"


class DirectoryRefused(Exception):
    """The change cannot be saved as it stands; ``field`` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def listing_save(*, listing: Listing, topics, saved_by) -> Listing:
    """Create or update a listing (``listing`` carries the new values) with its topics.

    1. Stamp who created it (new) and who changed it last.
    2. Save it and its topics in one transaction; a current listing with the same
       name in the same region (or nationally) is refused: ``DirectoryRefused``.
    """
    if listing.pk is None:
        listing.created_by = saved_by
    listing.updated_by = saved_by
    same_name = Listing.objects.current().filter(region=listing.region, name__iexact=listing.name)
    if listing.pk is not None:
        same_name = same_name.exclude(pk=listing.pk)
    if not listing.is_retired and same_name.exists():
        raise DirectoryRefused(gettext("There is already a current listing with this name here."), field="name")
    try:
        with transaction.atomic():
            listing.save()
            listing.topics.set(topics)
    except IntegrityError:  # the same name saved by someone else a moment ago
        raise DirectoryRefused(
            gettext("There is already a current listing with this name here."), field="name"
        ) from None
    return listing


def listing_retire(*, listing: Listing, retired_by) -> Listing:
    """Take a listing out of the directory. It is kept: training records may name it."""
    if listing.retired_at is None:
        listing.retired_at = timezone.now()
        listing.updated_by = retired_by
        listing.save(update_fields=["retired_at", "updated_by", "updated_at"])
    return listing


def listing_mark_checked(*, listing: Listing, checked_by, today: date | None = None) -> Listing:
    listing.last_checked = today or timezone.localdate()
    listing.updated_by = checked_by
    listing.save(update_fields=["last_checked", "updated_by", "updated_at"])
    return listing


def listing_send(*, listing: Listing, caregiver, today: date | None = None) -> list[Message]:
    """Send a listing to a caregiver through the outbox, on their chosen channels.

    The message holds the listing's name, contact details and link, and the greeting
    by first name the other messages use; nothing about the caregiver, the sender or
    anyone else. Keyed by listing, person and day: sending the same listing to the same
    person twice in a day (a double click) records one message.
    """
    today = today or timezone.localdate()
    key = f"listing:{listing.pk}:sent:{today.isoformat()}"
    with transaction.atomic():
        return notify(recipient=caregiver, kind=SEND_KIND, key=key, context={"listing": listing})


def training_record(*, user, listing: Listing, completed_on: date) -> TrainingCompletion:
    """Record a course a caregiver completed; the same course on the same day once only."""
    if not listing.is_course:
        raise DirectoryRefused(gettext("Choose a training course."), field="listing")
    try:
        with transaction.atomic():
            return TrainingCompletion.objects.create(user=user, listing=listing, completed_on=completed_on)
    except IntegrityError:
        raise DirectoryRefused(
            gettext("You have already recorded this course on that date."), field="completed_on"
        ) from None
