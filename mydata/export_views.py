"""The caregiver's "Your data" page, and their downloads as a JSON file and a readable page."""

from __future__ import annotations

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from .access import ExportExpired, caregiver_required, get_export_for_user
from .export import ordered, readable
from .forms import ExportRequestForm
from .models import DataExport, ExportStatus
from .services import IN_PROGRESS, ExportInProgress, export_request
from .tasks import prepare_export

RECENT = 5  # downloads listed on the page


def _enqueue(export_id: int) -> None:
    prepare_export.delay(export_id)


@caregiver_required
@require_http_methods(["GET", "POST"])
def index(request):
    form = ExportRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            export_request(user=request.user, enqueue=_enqueue)
        except ExportInProgress:
            form.add_error(None, gettext("Your download is already being prepared. It will be ready in a minute."))
        else:
            messages.success(request, gettext("We are preparing your download. This page shows when it is ready."))
            return redirect("mydata:index")
    # One query: the latest downloads (the one in progress, if any, is among them: newest first).
    exports = list(DataExport.objects.filter(user=request.user).defer("document")[:RECENT])
    now = timezone.now()
    current = next((e for e in exports if e.status in IN_PROGRESS), None)
    ready = [e for e in exports if e.status == ExportStatus.READY and e.expires_at > now]
    latest = exports[0] if exports else None
    return render(
        request,
        "mydata/index.html",
        {
            "form": form,
            "current": current,
            "ready": ready,
            "failed": latest if latest and latest.status == ExportStatus.FAILED else None,
        },
    )


def _expired(request):
    return render(request, "mydata/expired.html", status=410)


@caregiver_required
@require_http_methods(["GET"])
def download(request, pk: int):
    try:
        export = get_export_for_user(request.user, pk, ready=True)
    except ExportExpired:
        return _expired(request)
    response = JsonResponse(ordered(export.document), json_dumps_params={"ensure_ascii": False, "indent": 2})
    filename = f"my-data-{timezone.localdate(export.finished_at):%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@caregiver_required
@require_http_methods(["GET"])
def page(request, pk: int):
    try:
        export = get_export_for_user(request.user, pk, ready=True)
    except ExportExpired:
        return _expired(request)
    return render(
        request,
        "mydata/export_page.html",
        {"export": export, "document": export.document, "sections": readable(export.document)},
    )
