from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured


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
