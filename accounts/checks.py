from django.conf import settings
from django.core.checks import Tags, Warning, register


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
