import os
import sys

from django.core.wsgi import get_wsgi_application

from cms.settings.environment import ConfigurationError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

try:
    application = get_wsgi_application()
except ConfigurationError as error:
    sys.exit(f"Kalem configuration error: {error}")
