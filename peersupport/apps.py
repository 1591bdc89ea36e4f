from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.signals import reads_recorded
from peersupport import pagecache


class PortalAdminConfig(AdminConfig):
    """Django admin, replaced by a site that only MFA-protected superusers reach."""

    default_site = "peersupport.admin.PortalAdminSite"


class PortalConfig(AppConfig):
    """The project itself: no models; connects the page cache to every model's changes."""

    name = "peersupport"

    def ready(self):
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(pagecache.row_changed, dispatch_uid=f"pagecache-{id(signal)}")
        reads_recorded.connect(staff_reads_recorded, dispatch_uid="pagecache-staff-reads")


def staff_reads_recorded(sender, subject_ids, **kwargs) -> None:
    # Only the caregivers read retire their pages (their care map lists who looked).
    pagecache.bump_people(subject_ids)
