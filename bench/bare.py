"""A bare Django view, served by the same gunicorn as Limber: the benchmark's figure for scale.

One URL answering "ok" through no middleware, no database and no templates: what
Django itself costs on this machine, to set Limber's ceiling against.
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bare-django-view-for-the-benchmark",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
)

urlpatterns = [path("healthz", lambda request: HttpResponse("ok\n", content_type="text/plain"))]

application = get_wsgi_application()
