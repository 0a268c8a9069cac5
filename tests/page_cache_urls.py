"""The site's URLs and one page with an inline script carrying the CSP nonce, as a
template does that needs one (tests/test_page_cache.py)."""

from django.http import HttpResponse
from django.urls import path

from cms.urls import urlpatterns as site


def nonce_page(request):
    return HttpResponse(
        f'<!doctype html><script nonce="{request.csp_nonce}">document.title = "x";</script>'
    )


urlpatterns = [path("nonce-page/", nonce_page), *site]
