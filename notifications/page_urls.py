"""Pages about messages (the webhooks are in urls.py, under /webhooks/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("messages/", views.my_messages, name="my_messages"),
]
