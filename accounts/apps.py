from django.apps import AppConfig

from . import checks, signals  # noqa: F401  (registers system checks and signal receivers; no models imported)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and regions"
