"""The site's URLs plus uploaded files, which only DEBUG serves otherwise: the browser
tests run with DEBUG off against the live server and must see the images."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from cms.urls import urlpatterns as site_urlpatterns


def media(request, path):
    # MEDIA_ROOT differs per test (tests/conftest.py), so it is read at request time.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *site_urlpatterns]
