"""Content-Security-Policy: every page carries one, and what the page contains obeys it
(a browser would otherwise block the script, style, image or frame without a word)."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.factories.cms import StandardPageFactory, publish_child

pytestmark = pytest.mark.django_db

SITE_HOST = "testserver"  # the test client's host: the page's own origin
NOT_RUN = {"application/json", "application/ld+json", "text/template"}


def policy_of(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def allowed(url, sources):
    """Whether a URL in the page may load under a source list (same origin or a listed
    origin, data:/blob: when listed)."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob"}:
        return f"{parts.scheme}:" in sources
    if not parts.netloc or parts.netloc == SITE_HOST:
        return "'self'" in sources
    origin = f"{parts.scheme}://{parts.netloc}"
    return any(source.rstrip("/") == origin or origin.startswith(source) for source in sources)


def violations(response):
    """What in the HTML a browser would block under the page's own policy."""
    policy = policy_of(response)
    scripts = policy.get("script-src", policy["default-src"])
    styles = policy.get("style-src", policy["default-src"])
    nonces = {s[len("'nonce-") : -1] for s in scripts + styles if s.startswith("'nonce-")}
    inline_scripts = "'unsafe-inline'" in scripts
    inline_styles = "'unsafe-inline'" in styles
    soup = BeautifulSoup(response.content, "html.parser")
    found = []
    for script in soup.find_all("script"):
        if script.get("src"):
            if not allowed(script["src"], scripts):
                found.append(f"script from {script['src']}")
        elif (
            script.get("type") not in NOT_RUN
            and not inline_scripts
            and script.get("nonce") not in nonces
        ):
            found.append(f"inline script {script.get_text()[:60]!r}")
    for style in soup.find_all("style"):
        if not inline_styles and style.get("nonce") not in nonces:
            found.append("inline <style>")
    for element in soup.find_all(True):
        handlers = [name for name in element.attrs if name.startswith("on")]
        if handlers and not inline_scripts:
            found.append(f"<{element.name} {handlers[0]}=…>")
        if element.get("style") is not None and not inline_styles:
            found.append(f"<{element.name} style=…>")
        if str(element.get("href", "")).startswith("javascript:") and not inline_scripts:
            found.append(f"<{element.name} href=javascript:…>")
    for tag, attribute, directive in [
        ("img", "src", "img-src"),
        ("iframe", "src", "frame-src"),
        ("link", "href", "style-src"),
    ]:
        sources = policy.get(directive, policy["default-src"])
        for element in soup.find_all(tag):
            if tag == "link" and "stylesheet" not in element.get("rel", []):
                continue
            if element.get(attribute) and not allowed(element[attribute], sources):
                found.append(f"<{tag}> from {element[attribute]}")
    for form in soup.find_all("form"):
        if form.get("action") and not allowed(form["action"], policy["form-action"]):
            found.append(f"form posting to {form['action']}")
    return found


@pytest.mark.indexed
def test_public_pages_allow_no_inline_script_and_obey_their_policy(client, home):
    page = publish_child(home, StandardPageFactory(title="Kurumsal"))
    for url in ["/", page.url, "/ara/?q=belediye", "/en/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = policy_of(response)
        assert "'unsafe-inline'" not in policy["script-src"], url
        assert "'unsafe-eval'" not in policy["script-src"], url
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert violations(response) == [], url


def test_an_editor_sees_public_pages_with_the_userbar_under_the_public_policy(
    client, home, superuser
):
    client.force_login(superuser)
    response = client.get("/")

    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").select(
        "template#wagtail-userbar-template"
    )
    assert "'unsafe-inline'" not in policy_of(response)["script-src"]
    assert violations(response) == []


@pytest.mark.indexed
def test_the_admin_page_editor_obeys_the_admin_policy(client, home, superuser):
    client.force_login(superuser)
    response = client.get(f"/admin/pages/{home.pk}/edit/")

    assert response.status_code == 200
    policy = policy_of(response)
    # Wagtail starts its widgets with inline scripts: allowed in the admin only...
    assert "'unsafe-inline'" in policy["script-src"]
    assert BeautifulSoup(response.content, "html.parser").find("script", src=False)
    # ...and still nothing from another origin.
    assert [source for source in policy["script-src"] if "//" in source] == []
    assert policy["frame-ancestors"] == ["'self'"]
    assert violations(response) == []


def test_the_admin_login_page_carries_the_admin_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert policy_of(response)["object-src"] == ["'none'"]
    assert violations(response) == []


def test_a_script_from_another_site_would_be_reported():
    # The checker itself: a page with an inline script and a foreign one fails it.
    from django.http import HttpResponse

    response = HttpResponse(
        '<script>alert(1)</script><script src="https://cdn.example.com/x.js"></script>'
        '<p style="color:red" onclick="x()">a</p>'
    )
    response["Content-Security-Policy"] = "default-src 'self'; form-action 'self'"
    assert violations(response) == [
        "inline script 'alert(1)'",
        "script from https://cdn.example.com/x.js",
        "<p onclick=…>",
        "<p style=…>",
    ]
