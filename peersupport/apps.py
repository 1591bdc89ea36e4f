from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django admin, replaced by a site that only MFA-protected superusers reach."""

    default_site = "peersupport.admin.PortalAdminSite"
