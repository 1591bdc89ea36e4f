import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")
application = get_wsgi_application()

from peersupport.startup import require_secret_key  # noqa: E402  (needs settings configured)

require_secret_key()
