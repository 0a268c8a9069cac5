"""Production: every secret and host comes from the environment, and start-up stops
with a one-line message naming the variable when one is missing."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env.text("SECRET_KEY", required=True)
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise env.ConfigurationError("SECRET_KEY must be at least 50 characters of random text.")
ALLOWED_HOSTS = env.word_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise env.ConfigurationError("ALLOWED_HOSTS must be set (comma-separated host names).")

STORAGES = {
    "default": {"BACKEND": "cms.storage.TurkishFileSystemStorage"},
    "private": {"BACKEND": "cms.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31_536_000)
# Opt-in: includeSubDomains forces HTTPS on every host under the domain (the
# municipality's other services may not all have it), and preload lists the domain in
# browsers for months, long after it is switched off. Turn them on when that is known.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env.boolean("SECURE_HSTS_PRELOAD", False)
# `check --deploy` warns while they are off; that is the decision above, not an oversight.
SILENCED_SYSTEM_CHECKS = [  # noqa: F405
    *SILENCED_SYSTEM_CHECKS,  # noqa: F405
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING["root"]["level"] = env.text("LOG_LEVEL", "INFO")  # noqa: F405

# --- Production stack (issue 16): object storage -----------------------------------------
# With both buckets named, media live in object storage (cms.storage): renditions and
# public documents in the public bucket, originals and every private file in the private
# one. `manage.py move_media --to s3` copies existing files over first.
if KALEM_S3["public_bucket"] and KALEM_S3["private_bucket"]:  # noqa: F405
    STORAGES["default"] = {"BACKEND": "cms.storage.PublicS3Storage"}
    STORAGES["private"] = {"BACKEND": "cms.storage.PrivateS3Storage"}
elif KALEM_S3["public_bucket"] or KALEM_S3["private_bucket"]:  # noqa: F405
    raise env.ConfigurationError(
        "KALEM_S3_PUBLIC_BUCKET and KALEM_S3_PRIVATE_BUCKET must be set together."
    )
