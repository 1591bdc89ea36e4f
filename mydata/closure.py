"""Closing a caregiver's account: they ask, their social worker confirms, every app erases.

A request's life: requested → withdrawn (the caregiver changed their mind), declined (the social
worker explains why not yet; they may ask again) or closed (erased). Confirming runs every app's
``data_erasure`` step (``accounts.personal_data``) in one transaction, so a failure in any app
leaves everything as it was. The caregiver's last email is written to the address captured
before erasure; once it has gone, ``closed_addresses_forget`` blanks that address too.

Staff accounts are never erased: ``accounts.signout.staff_deactivate`` switches them off and
keeps the audit trail of what they did (the admin's "Deactivate" action).
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from accounts import policy
from accounts.models import Role
from accounts.personal_data import erasure_steps
from notifications.models import Message, MessageStatus
from notifications.services import notify, notify_address

from .models import ClosureRequest, ClosureStatus

logger = logging.getLogger(__name__)

CLOSED_KIND = "account_closed"
# The last email is usually sent within seconds; asked again every minute while it waits.
FORGET_AFTER_SECONDS = 60
FORGET_MAX_TRIES = 60
# A sent (or finally unsendable) last email no longer needs its address.
FINAL_STATUSES = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.FAILED, MessageStatus.SUPPRESSED)


class ClosureRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def social_workers_for(caregiver) -> list:
    """Their own social worker; without one (or an inactive one), every social worker of their region."""
    profile = caregiver.caregiver_profile
    if profile.social_worker_id and profile.social_worker.is_active:
        return [profile.social_worker]
    return list(
        get_user_model()
        .objects.filter(role=Role.SOCIAL_WORKER, is_active=True)
        .filter(Q(staff_profile__regions=profile.region_id) | Q(staff_profile__all_regions=True))
        .distinct()
        .order_by("pk")
    )


def closure_request(*, user) -> ClosureRequest:
    """A caregiver asks to close their account.

    1. Staff are refused (they are deactivated instead, keeping their audit trail).
    2. Lock the person's row: two clicks make one request (and a database constraint says so).
    3. An open request already there is returned as it is.
    4. Their social worker (or the region's) is told by the outbox, in the same transaction:
       the caregiver's name and a link, nothing else.
    """
    if not policy.is_caregiver(user):
        raise ClosureRefused(gettext("Staff accounts are deactivated by an administrator instead."))
    with transaction.atomic():
        get_user_model().objects.select_for_update().get(pk=user.pk)
        open_request = ClosureRequest.objects.filter(user=user, status=ClosureStatus.REQUESTED).first()
        if open_request:
            return open_request
        closure = ClosureRequest.objects.create(user=user)
        for worker in social_workers_for(user):
            notify(
                recipient=worker,
                kind="closure_requested",
                key=f"closure:{closure.pk}:requested",
                context={"caregiver_name": user.display_name},
            )
        return closure


def _lock_open(closure: ClosureRequest) -> ClosureRequest | None:
    return ClosureRequest.objects.select_for_update().filter(pk=closure.pk, status=ClosureStatus.REQUESTED).first()


def closure_withdraw(*, closure: ClosureRequest, user) -> ClosureRequest:
    """The caregiver changed their mind while waiting. Doing it twice changes nothing."""
    with transaction.atomic():
        locked = _lock_open(closure)
        if locked is None or locked.user_id != user.pk:
            return ClosureRequest.objects.get(pk=closure.pk)
        locked.status = ClosureStatus.WITHDRAWN
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_at"])
        return locked


def closure_decline(*, closure: ClosureRequest, by, reason: str) -> ClosureRequest:
    """The social worker explains why not yet.

    1. Lock the request; a request no longer open is left as it is.
    2. Declined, with who, when and the reason (shown to the caregiver on their page only).
    3. The caregiver is told by the outbox that it is not closed yet, with a link: the reason
       itself stays on the page (a social worker's words may name a child).
    """
    with transaction.atomic():
        locked = _lock_open(closure)
        if locked is None:
            return ClosureRequest.objects.get(pk=closure.pk)
        locked.status = ClosureStatus.DECLINED
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.decline_reason = reason
        locked.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
        notify(recipient=locked.user, kind="closure_declined", key=f"closure:{locked.pk}:declined", context={})
        return locked


def erase_person(user) -> None:
    """Every app's erasure step, in their order (accounts last: it deletes the user)."""
    for step in erasure_steps():
        step.erase(user)


def closure_confirm(*, closure: ClosureRequest, by) -> ClosureRequest:
    """The social worker confirms: the account is closed and the person's data erased.

    1. Lock the request; one no longer open is returned as it is (confirming twice erases once).
    2. Capture the address for the last email, then run every app's erasure step.
    3. The request keeps only dates, status and who decided (the person is gone from it).
    4. The last email, without personal data, goes to the captured address (outbox, same
       transaction); after commit a task blanks that address once the email has gone.
    """
    with transaction.atomic():
        locked = _lock_open(closure)
        if locked is None or locked.user_id is None:
            return ClosureRequest.objects.get(pk=closure.pk)
        person = get_user_model().objects.select_related("caregiver_profile").get(pk=locked.user_id)
        address = person.email
        erase_person(person)
        now = timezone.now()
        ClosureRequest.objects.filter(pk=locked.pk).update(
            user=None, status=ClosureStatus.CLOSED, decided_by=by, decided_at=now, closed_at=now, decline_reason=""
        )
        message = notify_address(email=address, kind=CLOSED_KIND, key=f"closure:{locked.pk}:closed", context={})
        transaction.on_commit(lambda: _queue_forget(message.pk))
        locked.refresh_from_db()
        return locked


def _queue_forget(message_id: int) -> None:
    try:
        forget_closed_address.apply_async(args=[message_id], countdown=FORGET_AFTER_SECONDS)
    except Exception:
        # The broker is down: the erasure is committed and must not turn into an error page;
        # the address goes with the outbox's retention at the latest (purge_old).
        logger.exception("could not queue forgetting the last address of message %s", message_id)


def closed_addresses_forget() -> int:
    """Blank the address (and body) of last emails that have gone or will never go.
    Idempotent: what is already blank stays blank. Returns how many are still waiting."""
    now = timezone.now()
    Message.objects.filter(kind=CLOSED_KIND, purged_at__isnull=True, status__in=FINAL_STATUSES).update(
        to="", subject="", body="", purged_at=now
    )
    return Message.objects.filter(kind=CLOSED_KIND, purged_at__isnull=True).count()


# Beside the code that queues it (as notifications.sending's send task), so closing needs no
# import from a tasks module. Idempotent: it only ever blanks what has gone.
@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True, max_retries=FORGET_MAX_TRIES)
def forget_closed_address(self, message_id: int) -> int:
    waiting = closed_addresses_forget()
    if Message.objects.filter(pk=message_id, purged_at__isnull=True).exists():
        raise self.retry(countdown=FORGET_AFTER_SECONDS)
    return waiting
