"""Thin Celery wrappers around services."""

from celery import shared_task
from django.core.management import call_command

from . import services


@shared_task(acks_late=True)
def send_invitation(invitation_id: int) -> None:
    services.invitation_send(invitation_id=invitation_id)


@shared_task
def clear_expired_sessions() -> None:
    call_command("clearsessions")
