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
# - Both purges are soft: the old copy may still be served for one second (req.grace)
#   while one new copy is made in the background, never longer while an app server is
#   up. Before it, the app makes the published page itself anew (a GET with
#   `X-Kalem-Refresh: 1`, which skips the cache), so that page's copy is already the new
#   one when the purge lands; a hard purge would throw that copy away again and leave the
#   page to be made in the rush of every other purged page (docs/decisions.md, issue 16).

import purge;
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
    # HAProxy answers 503 here when no app server is in its pool (deploy/haproxy.cfg):
    # then, and only then, expired and purged pages are served for up to their grace.
    .probe = {
        .url = "/haproxy-ready";
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }
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
            set req.http.n-gone = xkey.softpurge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.n-gone + " objects"));
        }
        # By URL (Wagtail's frontend_cache, from the task worker a second or two after
        # the publish): soft as well, in vcl_hit/vcl_miss, or it would throw away the
        # copy the app has just made anew. It does not wait for a copy being made.
        set req.hash_ignore_busy = true;
        return (hash);
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
    # The app makes a changed page anew before it purges (cms.frontend_cache.purge_now):
    # this request skips the copy it finds and its answer replaces it. The header goes
    # on to HAProxy, which serves it before the queue of pages being made anew after
    # earlier purges.
    if (req.http.X-Kalem-Refresh && client.ip ~ purgers) {
        set req.hash_always_miss = true;
    } else {
        unset req.http.X-Kalem-Refresh;
    }
    # A purged (or expired) copy is served at most a second while the new one is made;
    # with no app server up, for its whole grace (an hour).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 1s;
    }
    return (hash);
}

sub vcl_hash {
    # One site: the URL alone names the object, whatever Host the request used, so
    # Wagtail's URL purges (sent with the site's host name) hit it too.
    hash_data(req.url);
    return (lookup);
}

sub vcl_hit {
    if (req.method == "PURGE") {
        return (synth(200, "Purged " + purge.soft() + " objects"));
    }
}

sub vcl_miss {
    if (req.method == "PURGE") {
        return (synth(200, "Purged " + purge.soft() + " objects"));
    }
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
