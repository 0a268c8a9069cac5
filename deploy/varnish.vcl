vcl 4.1;
# Kalem's frontend cache. Used as it is by `make stack` (deploy/stack.sh) and in
# production: varnishd -a :6081 -f /etc/kalem/varnish.vcl -s malloc,2G
#
# - Anonymous GETs of pages, feeds, .ics and sitemaps are cached as long as Django's
#   `s-maxage` says (cms/frontend_cache.py); renditions (/media/) a day.
# - Requests with a session or CSRF cookie, the admin, previews, forms (POST), private
#   files and the health/metrics endpoints always go to the app servers.
# - Every cached object is indexed by the keys in its `xkey` header; Kalem purges by key
#   (PURGE with `xkey-purge: page-12 type-press.pressreleasepage`) after a change, and by
#   URL (plain PURGE, Wagtail's frontend_cache). Only `purgers` may purge.

import std;
import xkey;

# The balancer on the same machine (deploy/haproxy.cfg), which spreads requests over the
# app servers and routes around a dead one.
backend balancer {
    .host = "127.0.0.1";
    .port = "8090";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 30s;
}

# Who may purge: the app servers and the task workers. Add their private addresses in
# production (they send PURGE from the task worker, cms.frontend_cache.purge_keys).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.n-gone + " objects"));
        }
        return (purge);
    }
    # Never served from outside: metrics and health are for the machines inside.
    if (req.url ~ "^/metrics") {
        return (synth(404, "Not Found"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|healthz|readyz|ara)(/|\?|$)" || req.url ~ "[?&]preview") {
        return (pass);
    }
    # Logged-in staff and anyone in the middle of a form: straight to Django.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken)=") {
        return (pass);
    }
    # Other cookies (analytics, the language switch) do not change a public page.
    unset req.http.Cookie;
    # The language comes from the URL prefix (/en/), never from the browser's header, so
    # one copy serves everybody.
    unset req.http.Accept-Language;
    return (hash);
}

sub vcl_hash {
    # One site: the URL alone names the object, whatever Host the request used, so
    # Wagtail's URL purges (sent with the site's host name) hit it too.
    hash_data(req.url);
    return (lookup);
}

sub vcl_backend_response {
    if (bereq.url ~ "^/media/") {
        # Renditions and public documents never change under a name (no overwrite).
        unset beresp.http.Set-Cookie;
        set beresp.ttl = 1d;
        return (deliver);
    }
    # Django decides: only `public` responses without cookies are kept.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "public") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # While an app server restarts, an expired page may be served for a while.
    set beresp.grace = 1h;
}

sub vcl_deliver {
    # The keys are for this cache only; `X-Cache` shows a hit or a miss to the bench.
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # Browsers revalidate pages after max-age; s-maxage is Varnish's alone.
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
