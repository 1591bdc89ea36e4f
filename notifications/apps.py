from django.apps import AppConfig

from . import checks  # noqa: F401  (registers the system checks; they import no models)


class NotificationsConfig(AppConfig):
    name = "notifications"
