import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")
application = get_wsgi_application()

# Everything loaded so far lives as long as the process: keep it out of the
# garbage collector's full passes, which otherwise rescan it during requests
# that build many objects (the wall chart) and double their slowest times.
gc.collect()
gc.freeze()
