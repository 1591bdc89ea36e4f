from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MyDataConfig(AppConfig):
    name = "mydata"
    verbose_name = _("A caregiver's own data")
