"""gunicorn's settings; gunicorn reads this file from the directory it starts in
(`gunicorn cms.wsgi`, see README "Production notes")."""

from gunicorn.http import wsgi

# gunicorn names itself in a `Server:` header on every response and has no setting to
# leave it out; it tells an attacker which server and so which advisories to try.
_default_headers = wsgi.Response.default_headers


def _headers_without_server(response):
    return [line for line in _default_headers(response) if not line.startswith("Server:")]


wsgi.Response.default_headers = _headers_without_server
