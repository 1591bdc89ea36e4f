from . import policy


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"nav_items": policy.nav_items(user, request.path), "site_name": "Caregiver Peer Support"}
