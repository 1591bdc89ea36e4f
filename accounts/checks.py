from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


@register(Tags.security, deploy=True)
def rate_limits_use_shared_cache(app_configs, **kwargs):
    """allauth counts failed logins in the cache; a per-process cache would let
    an attacker multiply the limit by the number of web processes."""
    backend = settings.CACHES["default"]["BACKEND"]
    if "locmem" in backend or "dummy" in backend:
        return [
            Warning(
                "The cache is per-process, so login rate limits are not shared between web processes.",
                hint="Set REDIS_URL in production.",
                id="accounts.W001",
            )
        ]
    return []


@register(Tags.security)
def secret_key_is_set(app_configs, **kwargs):
    """Shown by check, migrate and runserver; the web and worker processes refuse to start."""
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:
        key = ""
    if not key:
        return [Warning(settings.MISSING_SECRET_KEY, id="accounts.W002")]
    return []


@register(Tags.security, deploy=True)
def proxy_says_where_clients_are(app_configs, **kwargs):
    """Behind a proxy every request arrives from the proxy's address: login rate
    limits per IP would then count everyone's typos together and lock out all."""
    if settings.BEHIND_PROXY and not (
        settings.ALLAUTH_TRUSTED_PROXY_COUNT or settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER
    ):
        return [
            Warning(
                "BEHIND_PROXY is on but the portal does not know where the client's address is, so failed "
                "sign-ins from everyone count against the proxy's address and can lock everybody out.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies that append to X-Forwarded-For "
                "(usually 1), or TRUSTED_CLIENT_IP_HEADER to the header your proxy sets (e.g. X-Real-IP).",
                id="accounts.W003",
            )
        ]
    return []


@register()
def free_text_guard_loads(app_configs, **kwargs):
    """FREE_TEXT_GUARD names the privacy guard for every free text (accounts.free_text): a
    typo would otherwise surface only when someone first sends a form."""
    path = getattr(settings, "FREE_TEXT_GUARD", "")
    if not path:
        return [
            Warning(
                "FREE_TEXT_GUARD is empty: free texts (RSVP notes, join requests, feedback) are not checked.",
                id="accounts.W004",
            )
        ]
    try:
        guard = import_string(path)
    except ImportError as exc:
        return [Error(f"FREE_TEXT_GUARD={path!r} cannot be imported: {exc}", id="accounts.E004")]
    if not callable(guard):
        return [Error(f"FREE_TEXT_GUARD={path!r} is not callable.", id="accounts.E004")]
    return []
