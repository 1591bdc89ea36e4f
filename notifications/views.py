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
