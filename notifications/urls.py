"""Provider webhooks, mounted under /webhooks/ (see peersupport/urls.py)."""

from django.urls import path

from . import webhooks

urlpatterns = [
    path("twilio/inbound/", webhooks.twilio_inbound, name="webhook_twilio_inbound"),
    path("twilio/status/", webhooks.twilio_status, name="webhook_twilio_status"),
    path("notify/inbound/", webhooks.notify_inbound, name="webhook_notify_inbound"),
    path("notify/status/", webhooks.notify_status, name="webhook_notify_status"),
]
