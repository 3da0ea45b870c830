"""The Celery application.

Settings come from Django's settings under the ``CELERY_`` prefix. With no broker configured
(``CELERY_BROKER_URL`` unset) tasks run eagerly in-process, so the embedded set-up works alone.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csssl.settings")

app = Celery("csssl")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Beat's health check reads the heartbeat this module keeps (it connects itself to beat).
import csssl.heartbeat  # noqa: E402, F401

# A task's log lines name the request that queued it, and the worker logs like the web processes.
import csssl.request_id  # noqa: E402, F401
