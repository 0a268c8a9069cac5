"""Public URLs of the events app that Wagtail's page router cannot serve itself.

Wagtail matches a page's slug against a whole path segment, so `acilis-toreni.ics` would
never find the page `acilis-toreni`. These patterns sit in front of Wagtail's catch-all
(cms/urls.py includes them inside the language patterns, so /en/… works too) and hand the
path back to Wagtail's routing without the suffix.
"""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^(?P<path>[^.]+)\.ics$", views.calendar_file, name="events_calendar_file"),
]
