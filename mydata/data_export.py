"""The person's own requests under this app: earlier downloads (dates only, never the
documents) and requests to close their account, with the social worker's answer.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Correction, ExportSection, iso, register_export, role_of

from .models import ClosureRequest, DataExport


def export(user) -> dict:
    """Two queries."""
    return {
        # The document being prepared is this one; earlier documents are not copied into it.
        "downloads": [
            {
                "requested_at": iso(e.requested_at),
                "status": e.get_status_display(),
                "finished_at": iso(e.finished_at),
                "expires_at": iso(e.expires_at),
            }
            for e in DataExport.objects.filter(user=user).defer("document").order_by("requested_at", "pk")
        ],
        "closure_requests": [
            {
                "requested_at": iso(c.requested_at),
                "status": c.get_status_display(),
                "decided_by": role_of(user, c.decided_by),
                "decided_at": iso(c.decided_at),
                # Written to the person by their social worker: theirs to read.
                "decline_reason": c.decline_reason,
                "closed_at": iso(c.closed_at),
            }
            for c in ClosureRequest.objects.filter(user=user).select_related("decided_by").order_by("requested_at")
        ],
    }


register_export(
    ExportSection(
        key="requests",
        order=100,
        title=_("Your requests about your data"),
        description=_("The downloads of your data you asked for, and any request to close your account."),
        export=export,
        # Rows where the person decided someone else's closure (a social worker) are that person's.
        models=("mydata.DataExport", "mydata.ClosureRequest"),
        corrections=(Correction(label=_("Your downloads"), url_name="mydata:index"),),
        labels={
            "downloads": _("Downloads"),
            "requested_at": _("Asked for"),
            "status": _("Status"),
            "finished_at": _("Ready"),
            "expires_at": _("Deleted after"),
            "closure_requests": _("Requests to close your account"),
            "decided_by": _("Decided by"),
            "decided_at": _("Decided"),
            "decline_reason": _("Reason given"),
            "closed_at": _("Closed"),
        },
    )
)
