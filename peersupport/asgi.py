import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")
application = get_asgi_application()

from peersupport.startup import require_secret_key  # noqa: E402  (needs settings configured)

require_secret_key()
