"""Pages about messages (the webhooks are in urls.py, under /webhooks/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("messages/", views.my_messages, name="my_messages"),
    path("events/<int:pk>/messages/", views.event_outbox, name="event_outbox"),
]
