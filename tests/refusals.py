"""How the admin refuses a signed-in staff user, one exact answer per kind of screen, so
that a test of a refusal fails when a screen opens (200) or breaks (500) instead.

- Wagtail's screens and Kalem's admin screens send the user back to the dashboard, where
  Wagtail says they may not go there (302 to /admin/);
- the shared record history (cms.history) and records above one's clearance answer 404,
  so that they do not confirm the record exists.
"""

DASHBOARD = "/admin/"


def assert_sent_to_dashboard(response, where=""):
    assert (response.status_code, response.get("Location")) == (302, DASHBOARD), where


def assert_not_found(response, where=""):
    assert response.status_code == 404, where


def assert_refused(response, url):
    """The answer a signed-in user without the right gets at `url`: 404 from the shared
    record history, the dashboard from every other screen."""
    if url.startswith("/admin/gecmis/"):
        assert_not_found(response, url)
    else:
        assert_sent_to_dashboard(response, url)
