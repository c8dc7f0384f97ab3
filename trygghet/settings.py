"""Trygghet's one settings module, configured by environment variables.

Unset variables give the embedded defaults of `make run`: SQLite and a filesystem broker, so a
fresh machine needs nothing but Python. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY,
ALLOWED_HOSTS and leaves DEBUG off.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_positive_int(name, default):
    value = env_int(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be at least 1, not {value!r}")
    return value


def env_floats(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        numbers = tuple(float(item) for item in value.split(","))
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be numbers separated by commas, not {value!r}") from None
    if len(numbers) != len(default):
        raise ImproperlyConfigured(f"{name} must have {len(default)} numbers, not {value!r}")
    return numbers


DEBUG = env_bool("DEBUG")
TESTING = env_bool("TRYGGHET_TESTING")

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # SimpleAdminConfig: django-leaflet's admin module needs GeoDjango (GDAL), which Trygghet does
    # not use; trygghet.apps registers the admin modules it wants instead.
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "axes",
    "csp",
    # The core first: it gathers the apps' URLs, API routes, admin and demo data in this order.
    "trygghet.apps.TrygghetConfig",
    "observations.apps.ObservationsConfig",
    "observations.situation.apps.SituationConfig",
    "observations.interventions.apps.InterventionsConfig",
    "agreements.apps.AgreementsConfig",
    "promises.apps.PromisesConfig",
    "meetings.apps.MeetingsConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files (an SVG can hold script) carry the policy too.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "trygghet.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "trygghet.middleware.AuthenticationMiddleware",
    # After WhiteNoise (static files keep their own caching) and after the user is known.
    "trygghet.middleware.PrivateAnswersMiddleware",
    "trygghet.middleware.NoNulInPagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "trygghet.middleware.LoginRequiredMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trygghet.urls"
WSGI_APPLICATION = "trygghet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Django's cached loader, with each template's constant tags rendered once per
            # language (trygghet.templating).
            "loaders": [("trygghet.templating.Loader", [
                "django.template.loaders.filesystem.Loader",
                "django.template.loaders.app_directories.Loader",
            ])],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "trygghet.context_processors.trygghet",
            ],
        },
    },
]

# SQLite when DATABASE_URL is unset; tests and production use PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # The suite makes a few thousand users, each with a password: PBKDF2's million rounds
    # were a good part of its time. Passwords stored by the tests (and by the servers they
    # start) are hashed once with MD5; every other hasher still reads its own hashes.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
                        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
                        "django.contrib.auth.hashers.Argon2PasswordHasher",
                        "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
                        "django.contrib.auth.hashers.ScryptPasswordHasher"]
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out login before the password is tried (django-axes).
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, bringing the membership along with the user.
    "trygghet.backends.MemberBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Development and tests serve static files from the apps' folders without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"

# Security: strict in production, relaxed only where DEBUG serves plain http on loopback.
SESSION_COOKIE_SECURE = not DEBUG and not TESTING
CSRF_COOKIE_SECURE = not DEBUG and not TESTING
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if SECURE_HSTS_SECONDS and not SECURE_HSTS_PRELOAD:
    # Preloading is a decision for the municipality's domain owner, not for this app.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Failed logins (the login page and the admin's) are counted in the database, which every web
# process shares, per account and per address: after LOGIN_FAILURE_LIMIT failures within the
# cooldown, that account, and that address, may not log in until LOGIN_COOLOFF_MINUTES after
# the failure that locked it, whatever password is given. Attempts during a lockout are not
# counted, so the wait the page names holds.
AXES_FAILURE_LIMIT = env_positive_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_positive_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "trygghet.lockout.locked_out"
# Failures are kept only for the cooldown; successful logins are not logged at all.
AXES_DISABLE_ACCESS_LOG = True
# The client's address. Behind the municipality's proxy every connection comes from the
# proxy, so the address is read from X-Forwarded-For: the entry TRUSTED_PROXY_COUNT places
# from its right end, the one the outermost trusted proxy wrote. Entries further left are
# whatever the client sent and are never believed.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(
        f"TRUSTED_PROXY_COUNT must be 0 or more, not {TRUSTED_PROXY_COUNT}")
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    # ipware counts the proxies listed in the header, which leaves out the last one (the
    # address the connection comes from); not strict, so entries a client put in front are
    # passed over rather than making the whole header distrusted.
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "trygghet@localhost")

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport under var/.
REDIS_URL = env_str("REDIS_URL")
BROKER_DIR = BASE_DIR / "var" / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # A message a killed worker took is delivered again after this many seconds; unacked
    # messages are swept for that at least every ten seconds (kombu's default is 100).
    _visibility = env_int("CELERY_VISIBILITY_TIMEOUT", 900)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": _visibility,
        "unacked_restore_interval": min(10, _visibility),
        "unacked_restore_throttle": 1,
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
    }
# Handing a task to the broker fails fast when it is down: the outbox keeps the task and its
# sweep sends it when the broker is back (trygghet/outbox.py).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2,
                                    "interval_max": 0.2}
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 3)
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 20)
OUTBOX_RESEND_AFTER_SECONDS = env_int("OUTBOX_RESEND_AFTER_SECONDS", 1800)
CELERY_TASK_IGNORE_RESULT = True

# The cache: Redis when configured, so that every web process shares the API's throttles and
# the login lockouts; a Redis outage is ignored (requests go on without the cache) rather
# than failing. Without Redis, each process has its own memory cache.
CACHE_URL = env_str("CACHE_URL", REDIS_URL)
if CACHE_URL:
    CACHES = {"default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "trygghet",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }}
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions are read from the shared cache and written through to the database (an emptied
# cache costs a query, not a login), kept there a minute at a time (trygghet.sessions); without
# a shared cache, from the database alone.
SESSION_ENGINE = "trygghet.sessions" if CACHE_URL else "django.contrib.sessions.backends.db"
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # The week just ended, every Monday morning in the municipality's time zone.
    "compile-lagesbild": {
        "task": "situation.compile_last_week_task",
        "schedule": crontab(minute=0, hour=6, day_of_week=1),
    },
    "erase-expired-text": {
        "task": "observations.erase_expired_text_task",
        "schedule": crontab(minute=30, hour=3),
    },
    "sweep-outbox": {"task": "trygghet.sweep_outbox_task", "schedule": 60.0},
    # Insatser: overdue ones to their owners each morning; alerts about serious observations
    # every minute (and a daily summary); the weekly digest on Monday after the compile.
    "overdue-insatser": {"task": "interventions.send_overdue_reminders_task",
                         "schedule": crontab(minute=0, hour=7)},
    "serious-observation-alerts": {"task": "interventions.send_alerts_task", "schedule": 60.0},
    "serious-observation-daily": {"task": "interventions.send_daily_alerts_task",
                                  "schedule": crontab(minute=15, hour=6)},
    "weekly-digest": {"task": "interventions.send_weekly_digests_task",
                      "schedule": crontab(minute=30, hour=7, day_of_week=1)},
    "purge": {"task": "trygghet.purge_task", "schedule": crontab(minute=45, hour=3)},
    "erase-expired-exports": {"task": "observations.erase_expired_exports_task",
                              "schedule": crontab(minute=5)},
    # Published handlingar whose PDF no longer holds what they hold get a new one.
    "recompile-outdated-handlingar": {"task": "meetings.recompile_outdated_task",
                                      "schedule": crontab(minute=20)},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "var" / "celerybeat-schedule")

REST_FRAMEWORK = {
    # Token first: DRF asks the first class how to challenge, so a missing, wrong or revoked
    # token is a 401 with `WWW-Authenticate: Token` (a session's challenge would make it 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "trygghet.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["trygghet.api.filters.FilterBackend"],
    # JSON only: DRF's browsable API is built with inline styles, which the CSP refuses;
    # people read the API at /api/docs/.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only, as the schema says: a form-encoded body is a 415 (forms cannot carry the
    # nested lists and nulls the serializers take, and read them differently from JSON).
    "DEFAULT_PARSER_CLASSES": ["trygghet.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "trygghet.api.pagination.Pagination",
    # Documents every operation's error answers by rule (trygghet/api/schema.py).
    "DEFAULT_SCHEMA_CLASS": "trygghet.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "trygghet.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["trygghet.api.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env_str("API_USER_RATE", "6000/hour")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Trygghet API",
    "DESCRIPTION": "Observations, areas and lägesbilder for partners' systems.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema describes the API, not its data: partners read it before they have a token.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"ObservationStatusEnum": "observations.models.Observation.Status",
                            "CaseStatusEnum": "meetings.models.Case.Status",
                            "InterventionStatusEnum":
                                "observations.interventions.models.Intervention.Status",
                            "MeasureStatusEnum": "agreements.models.Measure.Status",
                            "PromiseStatusEnum": "promises.models.Promise.Status"},
}

# Maps: the tile server is the municipality's choice. Empty means a plain background; areas and
# points still show.
MAP_TILES_URL = env_str("MAP_TILES_URL")
MAP_TILES_ATTRIBUTION = env_str("MAP_TILES_ATTRIBUTION", "© OpenStreetMap contributors")
LEAFLET_CONFIG = {
    "TILES": [],
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
}


def tile_source(template):
    """The Content-Security-Policy source that admits a tile server's images: its scheme and
    host; a leading {s} subdomain (a.tile…, b.tile…) becomes a wildcard."""
    if not template:
        return []
    parts = urlsplit(template)
    host = parts.netloc.rsplit("@", 1)[-1]
    if not host:
        return []  # a path on this site
    if host.startswith("{s}."):
        host = "*." + host.removeprefix("{s}.")
    if "{" in host or "}" in host:
        raise ImproperlyConfigured(
            f"MAP_TILES_URL may vary its host only by a leading {{s}}., not {template!r}")
    return [f"{parts.scheme}://{host}" if parts.scheme else host]


# Content-Security-Policy: everything from this site, no inline script or style (JavaScript
# sets styles through the DOM, which the policy allows), images also from the tile server and
# as data: URIs (Leaflet cancels a tile's download by pointing it at an empty data: image).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *tile_source(MAP_TILES_URL)],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The municipality is read from data: the area of kind "kommun" is its boundary and gives its
# name and where maps start. Until one is loaded, these stand in. The region is where a
# boundary may lie (west, south, east, north in WGS84; Sweden by default): a boundary outside
# it has its longitude and latitude swapped, or is in the wrong place.
MUNICIPALITY_NAME = env_str("MUNICIPALITY_NAME", "")
# The municipality's logo for printed documents: a path among the static files, e.g.
# "kommun/logo.svg" in a folder added to STATICFILES_DIRS, or empty for none.
MUNICIPALITY_LOGO = env_str("MUNICIPALITY_LOGO", "")
MUNICIPALITY_REGION = env_floats("MUNICIPALITY_REGION", (10.0, 55.0, 24.5, 69.5))

# How far back an observation's time may lie when it is logged (imports may go back to 2000).
OBSERVATION_MAX_AGE_DAYS = env_int("OBSERVATION_MAX_AGE_DAYS", 365)
# Personal data: free text in observations is erased this many days after the observation is
# closed (resolved or no action). 0 turns erasure off.
OBSERVATION_TEXT_RETENTION_DAYS = env_int("OBSERVATION_TEXT_RETENTION_DAYS", 365)
# Exports of the filtered observation list: up to this many rows are sent at once, more are
# written by a Celery job whose page shows its progress and then offers the file.
EXPORT_SYNC_ROWS = env_int("EXPORT_SYNC_ROWS", 10000)
# Hours a finished export stays for its owner before it is erased (it may hold free text).
EXPORT_RETENTION_HOURS = env_int("EXPORT_RETENTION_HOURS", 24)
# Where those files wait: outside MEDIA_ROOT, shared by the web app and the workers.
EXPORT_ROOT = Path(env_str("EXPORT_ROOT", str(BASE_DIR / "var" / "exports")))
# How long a reporter may edit their own observation.
OBSERVATION_EDIT_HOURS = 24
# The largest attachment (PDF or Word) a committee case takes, in megabytes.
CASE_ATTACHMENT_MAX_MB = env_int("CASE_ATTACHMENT_MAX_MB", 20)
# The largest document (PDF, Word or OpenDocument) an agreement takes, in megabytes.
AGREEMENT_DOCUMENT_MAX_MB = env_int("AGREEMENT_DOCUMENT_MAX_MB", 20)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint tells each step of every PDF at INFO; only its warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
