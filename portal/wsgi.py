import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")

application = get_wsgi_application()

# What is loaded at start-up lives as long as the process: keep it out of the
# garbage collector's full passes, which otherwise stop a request for a tenth
# of a second every few hundred requests to walk all of Django and Wagtail.
gc.freeze()
