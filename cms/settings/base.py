"""Settings shared by every environment. Values that differ between machines come from
environment variables (see README, "Configuration")."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from . import environment as env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env.text("SECRET_KEY", "kalem-development-key-not-for-production")
DEBUG = env.boolean("DEBUG", False)
ALLOWED_HOSTS = env.word_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.word_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms",
    "press",
    "events",
    "archive",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.middleware.RejectControlCharactersMiddleware",
    # Outside the CSP middleware: a stored page keeps the CSP header of its own nonce.
    "cms.page_cache.PageCacheMiddleware",
    "cms.csp.KalemCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a login refused for a locked user name into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": env.database(BASE_DIR / "kalem.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("kalem")}
# With Redis (REDIS_URL), errors talking to it are logged here and the request goes on.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "kalem.cache"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Turkish first, English second.
LANGUAGES = [("tr", "Türkçe"), ("en", "English")]
LANGUAGE_CODE = env.language("LANGUAGE_CODE", [code for code, _name in LANGUAGES])
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Istanbul"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True
FORMAT_MODULE_PATH = ["cms.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.text("STATIC_ROOT", str(BASE_DIR / "static_collected")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.text("MEDIA_ROOT", str(BASE_DIR / "media")))
# Files that must never be public (see cms.storage.PrivateFileSystemStorage): keep this
# folder outside MEDIA_ROOT and out of the web server's reach.
PRIVATE_MEDIA_ROOT = Path(env.text("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))
# Renditions go to public media, or to private storage when larger than the public sizes
# or of a photo that may no longer be used (archive.models.PhotoRendition.get_upload_to).
WAGTAILIMAGES_RENDITION_STORAGE = "cms.storage.RenditionStorage"
KALEM_PRIVATE_URL_MAX_AGE = env.integer("KALEM_PRIVATE_URL_MAX_AGE", 3600)
STORAGES = {
    "default": {"BACKEND": "cms.storage.TurkishFileSystemStorage"},
    "private": {"BACKEND": "cms.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Public pages: statements kept compiled per process (cms.sql.compiled) are compared with
# a fresh compile on every use when this is on (the tests turn it on).
KALEM_VERIFY_COMPILED = env.boolean("KALEM_VERIFY_COMPILED", False)

# Uploads. Limits are deliberate: a press photo from a 60 MP camera is ~30 MB, and
# nothing legitimate is larger than 120 megapixels; anything bigger is refused before
# Pillow decodes it (see archive.apps).
KALEM_MAX_IMAGE_PIXELS = env.integer("KALEM_MAX_IMAGE_PIXELS", 120_000_000)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = KALEM_MAX_IMAGE_PIXELS
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env.integer("KALEM_MAX_IMAGE_UPLOAD_MB", 40) * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif", "avif", "heic"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.integer("KALEM_MAX_DOCUMENT_UPLOAD_MB", 50) * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "docx", "xlsx", "pptx", "txt", "csv", "zip", "udf"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Videos (archive/videos): an hour of event footage from a camera is 2-4 GB; the upload
# is streamed to disk and checked with ffprobe (Debian's ffmpeg package) before it is kept.
KALEM_MAX_VIDEO_UPLOAD_BYTES = env.integer("KALEM_MAX_VIDEO_UPLOAD_MB", 4096) * 1024 * 1024
KALEM_FFMPEG = env.text("KALEM_FFMPEG", "ffmpeg")
KALEM_FFPROBE = env.text("KALEM_FFPROBE", "ffprobe")
# x264's speed/size trade-off for the site's copy, and the longest a conversion may run.
KALEM_VIDEO_PRESET = env.text("KALEM_VIDEO_PRESET", "veryfast")
KALEM_VIDEO_PROCESS_SECONDS = env.integer("KALEM_VIDEO_PROCESS_SECONDS", 4 * 3600)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Kalem"
# Avatars are not fetched from gravatar.com: the admin must work without the internet and
# must not tell a third party which staff member is looking at it.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = env.text("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "archive.Photo"
# Queues an accepted upload's processing and a withdrawn photo's removal from public storage.
WAGTAILIMAGES_IMAGE_FORM_BASE = "archive.photos.forms.PhotoForm"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "AUTO_UPDATE": True,
    }
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Turkish stemming and stop words on PostgreSQL ("belediyemizin" finds "belediye").
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "turkish"

DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "Kalem <kalem@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
globals().update(env.email())

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Where the tekzip statutes are open, Kalem's reading is the default (docs/legal.md); an
# office whose lawyer reads them otherwise overrides fields of press.tekzip.rules.Reading,
# e.g. {"judge_days_broadcast": 15, "half_day_is_working": False}.
KALEM_TEKZIP_READING = {}

# Paid newspaper notices (press/notices/rules.py, docs/legal.md): days after publication
# within which the newspaper's proof is expected, and after the invoice within which it
# is paid, before the register highlights the notice. Office practice, not statute.
KALEM_NOTICE_PROOF_DAYS = env.integer("KALEM_NOTICE_PROOF_DAYS", 10)
KALEM_NOTICE_PAYMENT_DAYS = env.integer("KALEM_NOTICE_PAYMENT_DAYS", 30)
# SMS (cms/sms.py): a class with send(number, text); the default only logs.
KALEM_SMS_BACKEND = env.text("KALEM_SMS_BACKEND", "cms.sms.LoggingSMSBackend")
# Press e-mails carry attachments up to this size in total; larger ones are linked only.
KALEM_PRESS_ATTACH_MAX_BYTES = env.integer("KALEM_PRESS_ATTACH_MAX_MB", 2) * 1024 * 1024

# Background work (e-mail sends, renditions, imports) runs through django-tasks; the
# database backend needs no extra service, and `manage.py db_worker` processes it.
TASKS = {"default": {"BACKEND": env.text("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

LOGIN_URL = "wagtailadmin_login"

# Content-Security-Policy (cms.csp): the public site allows no inline script or style;
# the admin allows Wagtail's inline ones. Neither loads anything from another origin,
# except media from MEDIA_URL's host (object storage) and embedded players.
_MEDIA_ORIGIN = [MEDIA_URL] if MEDIA_URL.startswith("https://") else []
KALEM_CSP_FRAME_SOURCES = env.word_list(
    "KALEM_CSP_FRAME_SOURCES",
    ["https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *_MEDIA_ORIGIN],
        "media-src": [SELF, *_MEDIA_ORIGIN],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, *KALEM_CSP_FRAME_SOURCES],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
KALEM_ADMIN_CSP_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", *_MEDIA_ORIGIN],
    "media-src": [SELF, "blob:", *_MEDIA_ORIGIN],
    # Wagtail's live preview frames the preview view, which is an admin URL.
    "frame-ancestors": [SELF],
}

# Login throttling (cms.login_throttle): after AXES_FAILURE_LIMIT wrong passwords in a row
# a user name is locked for the cool-off, whatever password comes next; each failure is
# recorded (AccessFailureLog). The Müdür or an admin unlocks under Settings.
AUTHENTICATION_BACKENDS = [
    "cms.login_throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.integer("KALEM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("KALEM_LOGIN_LOCK_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes warns that locking by user name alone ignores the address. Deliberate: the staff
# sit behind one municipal address (and the app servers behind a proxy), so a lock by
# address would lock the whole office out; see cms.login_throttle.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "cms.login_throttle.lockout_response"
# Kalem's lock-out page, the admin's own view of it and the log are enough; axes' pages
# for django.contrib.admin (not installed) are not.
AXES_ENABLE_ADMIN = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "WARNING")},
    "loggers": {"kalem": {"level": env.text("LOG_LEVEL", "INFO"), "propagate": True}},
}

KALEM_PUBLIC_LABELS = {"site": _("Kalem")}

# --- Production stack (issue 16): health checks, metrics, frontend cache -----------------
# Request counters and latencies for Prometheus, read at /metrics (cms.health) from these
# addresses only, or with the bearer token; the proxies block the path as well.
MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    *MIDDLEWARE,
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
KALEM_METRICS_ALLOWED_IPS = env.word_list("KALEM_METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"])
KALEM_METRICS_TOKEN = env.text("KALEM_METRICS_TOKEN", "")
# The balancer checks /healthz over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# Private files handed over by nginx after Django's check: the internal location that
# aliases PRIVATE_MEDIA_ROOT (deploy/nginx.conf), e.g. "/_private/". Empty: Django streams.
KALEM_PRIVATE_ACCEL_REDIRECT = env.text("KALEM_PRIVATE_ACCEL_REDIRECT", "")
# Object storage (S3 API), used for STORAGES in production when the buckets are named.
# Without KALEM_S3_ACCESS_KEY_ID the usual AWS_* variables or instance role apply.
KALEM_S3 = {
    "endpoint_url": env.text("KALEM_S3_ENDPOINT_URL", ""),
    "region_name": env.text("KALEM_S3_REGION", "us-east-1"),
    "access_key": env.text("KALEM_S3_ACCESS_KEY_ID", ""),
    "secret_key": env.text("KALEM_S3_SECRET_ACCESS_KEY", ""),
    "public_bucket": env.text("KALEM_S3_PUBLIC_BUCKET", ""),
    "private_bucket": env.text("KALEM_S3_PRIVATE_BUCKET", ""),
    # Host (and path) the public bucket is served under, e.g. "www.ornekkoy.bel.tr/media".
    "public_domain": env.text("KALEM_S3_PUBLIC_DOMAIN", ""),
    "url_protocol": env.text("KALEM_S3_URL_PROTOCOL", "https:"),
    # How long a pre-signed link to a private object works.
    "signed_url_seconds": env.integer("KALEM_S3_SIGNED_URL_SECONDS", 60),
}
# The frontend cache (cms.frontend_cache): the outermost middleware sets Cache-Control and
# the xkey header; changes purge every Varnish listed here (its admin-only PURGE port).
MIDDLEWARE = ["cms.frontend_cache.FrontendCacheMiddleware", *MIDDLEWARE]
KALEM_FRONTEND_CACHE_URLS = env.word_list("KALEM_FRONTEND_CACHE_URLS")
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.frontend_cache"]
WAGTAILFRONTENDCACHE = {
    f"varnish{number}": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": url,
    }
    for number, url in enumerate(KALEM_FRONTEND_CACHE_URLS)
}
# Whole pages for anonymous visitors in the cache (cms.page_cache) where no Varnish is
# listed above: how long one is kept at most. A publish shows at once; this bounds
# time-based changes (an announcement expiring). 0 turns it off.
KALEM_PAGE_CACHE_SECONDS = env.integer("KALEM_PAGE_CACHE_SECONDS", 300)
# Correspondence register (archive/correspondence; open questions in docs/legal.md).
# Whether the outgoing Sayı sequence restarts each year: the regulation fixes the parts of
# the number, not a restart; the default runs on.
KALEM_SAYI_YEARLY_RESET = env.boolean("KALEM_SAYI_YEARLY_RESET", False)
# Whether an arife / 28 October half day counts as a working day in answer periods.
KALEM_HALF_DAY_IS_WORKING = env.boolean("KALEM_HALF_DAY_IS_WORKING", True)
# Whether a 3071 petition period ending on a weekend or holiday moves to the next working day.
KALEM_PETITION_PERIOD_MOVES_OFF_DAYS_OFF = env.boolean(
    "KALEM_PETITION_PERIOD_MOVES_OFF_DAYS_OFF", True
)
# Attachments to correspondence: the largest file accepted.
KALEM_CORRESPONDENCE_MAX_ATTACHMENT_MB = env.integer("KALEM_CORRESPONDENCE_MAX_ATTACHMENT_MB", 25)
# e-Yazışma: the class that signs outgoing packages (a CAdES signer: card-reader agent or
# e-seal service; docs/operations.md). The default signs nothing: packages go out unsigned.
KALEM_EYAZISMA_SIGNER = env.text(
    "KALEM_EYAZISMA_SIGNER", "archive.eyazisma.signing.UnconfiguredSigner"
)
# e-Yazışma: a PEM file with the root certificates incoming packages' signatures and seals
# must lead to (Kamu SM's and the other certificate providers'; docs/operations.md). Empty:
# every signature is shown as "not trusted", and only altered ones are refused.
KALEM_EYAZISMA_TRUST_ROOTS = env.text("KALEM_EYAZISMA_TRUST_ROOTS", "")
# e-Yazışma: the largest incoming .eyp package a clerk may upload.
KALEM_EYAZISMA_MAX_PACKAGE_MB = env.integer("KALEM_EYAZISMA_MAX_PACKAGE_MB", 100)

# --- The read API (cms/api, docs/api.md) -------------------------------------------------
# Browser programs on these origins (e.g. "https://app.ornekkoy.bel.tr") may read the API;
# none by default. The API is anonymous and read-only: no credentials cross origins.
CORS_ALLOWED_ORIGINS = env.word_list("KALEM_API_CORS_ORIGINS")
CORS_URLS_REGEX = r"^/api/v2/"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
MIDDLEWARE = [
    *MIDDLEWARE[: MIDDLEWARE.index("django.middleware.common.CommonMiddleware")],
    "corsheaders.middleware.CorsMiddleware",
    *MIDDLEWARE[MIDDLEWARE.index("django.middleware.common.CommonMiddleware") :],
]
INSTALLED_APPS = [*INSTALLED_APPS, "corsheaders"]
# Requests per client address and window ("300/m", "20/s"; "off": no limit), counted in
# the shared cache (cms.api.limits); answers from the frontend cache are not counted. An
# empty variable is the default, like every other (the stack once set it empty to switch
# the limit off, and its load test met 429s).
KALEM_API_RATE_LIMIT = env.text("KALEM_API_RATE_LIMIT", "300/m")
if KALEM_API_RATE_LIMIT.lower() == "off":
    KALEM_API_RATE_LIMIT = ""
# How many of Kalem's own proxies append to X-Forwarded-For in front of the app servers
# (deploy/: nginx, Varnish and HAProxy make 3); 0 when gunicorn faces the clients.
KALEM_TRUSTED_PROXY_HOPS = env.integer("KALEM_TRUSTED_PROXY_HOPS", 0)

# Appointment requests (events): how long after a request is closed its requester's
# personal data is kept (KVKK md. 7; docs/legal.md "Appointment requests"), and how many
# requests one address may send in an hour through the site's form.
KALEM_APPOINTMENT_REQUEST_RETENTION_DAYS = env.integer(
    "KALEM_APPOINTMENT_REQUEST_RETENTION_DAYS", 180
)
KALEM_APPOINTMENT_REQUESTS_PER_HOUR = env.integer("KALEM_APPOINTMENT_REQUESTS_PER_HOUR", 5)
# Gifts received above this value (TRY) are flagged for declaration (3628 md. 3; ten
# months' net minimum wage: update it each January, docs/legal.md "Gifts").
KALEM_GIFT_DECLARATION_THRESHOLD_TRY = Decimal(
    env.text("KALEM_GIFT_DECLARATION_THRESHOLD_TRY", "221046.70")
)
# Ceremonies (events): whether a stand-in (yerine katılan) sits at the rank of the office
# they represent. No article settles it for representatives: off, they sit after the
# office holders (docs/legal.md "Ceremonies and the protocol order").
KALEM_CEREMONY_STAND_IN_TAKES_RANK = env.boolean("KALEM_CEREMONY_STAND_IN_TAKES_RANK", False)
# Archived documents (archive/documents): the largest scan accepted, and the signatures a
# disposal list needs before any file is destroyed (DAHY md. 19, 21/2; never below 3).
KALEM_ARCHIVE_MAX_DOCUMENT_MB = env.integer("KALEM_ARCHIVE_MAX_DOCUMENT_MB", 100)
KALEM_DISPOSAL_SIGNATURES = env.integer("KALEM_DISPOSAL_SIGNATURES", 3)
# The public photo archive: the facet counts of at most this many searches are kept per
# archive page and language until the next change (archive.photos.facet_counts; the
# oldest go first; 0 keeps only the unfiltered archive's).
KALEM_ARCHIVE_KEPT_SEARCHES = env.integer("KALEM_ARCHIVE_KEPT_SEARCHES", 500)

# Public forms (cms/forms_builder): the personal-data retention a new form starts with
# (KVKK md. 7; the editor sets each form's own), answers one address may send to a form
# in an hour, and, for forms with "one answer per person", in a day.
KALEM_FORM_RETENTION_DAYS = env.integer("KALEM_FORM_RETENTION_DAYS", 365)
KALEM_FORM_SUBMISSIONS_PER_HOUR = env.integer("KALEM_FORM_SUBMISSIONS_PER_HOUR", 20)
KALEM_FORM_ANSWERS_PER_ADDRESS_PER_DAY = env.integer("KALEM_FORM_ANSWERS_PER_ADDRESS_PER_DAY", 5)
KALEM_FORM_UPLOAD_MAX_MB = env.integer("KALEM_FORM_UPLOAD_MAX_MB", 10)

# Days an original document may stay out of the archive on a retrieval request before its
# return is overdue (no article sets it: docs/legal.md "Retrieval and loans").
KALEM_RETRIEVAL_LOAN_DAYS = env.integer("KALEM_RETRIEVAL_LOAN_DAYS", 15)
