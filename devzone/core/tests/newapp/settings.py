from devzone.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "devzone.core.tests.newapp"]  # noqa: F405
