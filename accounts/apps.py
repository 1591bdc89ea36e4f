from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import checks, signals  # noqa: F401  (registers system checks and signal receivers; no models imported)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and regions")
