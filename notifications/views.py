from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from accounts import policy

from .models import Message

PAGE_SIZE = 25


@policy.caregiver_required
def my_messages(request):
    """What did the portal send me? Every email and text, newest first."""
    messages = Message.objects.filter(recipient=request.user).select_related("event").order_by("-created_at", "-pk")
    page = Paginator(messages, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/my_messages.html", {"page": page})


@policy.staff_required
def event_outbox(request, pk: int):
    """Staff: every message about one of their events, with its delivery status."""
    event = policy.get_event_to_manage(request.user, pk)
    messages = Message.objects.filter(event=event).select_related("recipient").order_by("-created_at", "-pk")
    status = request.GET.get("status", "")
    if status:
        messages = messages.filter(status=status)
    page = Paginator(messages, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/event_outbox.html", {"event": event, "page": page, "status": status})
