"""Reframe's one settings module: everything that differs between machines comes from
the environment (see `.env.example`), with defaults that make a local run work."""

from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-only-for-debug-runs"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")

# Posting capture may fetch private/loopback addresses only when explicitly allowed.
POSTING_FETCH_ALLOW_PRIVATE = env_bool("POSTING_FETCH_ALLOW_PRIVATE")

# Anyone may create an account unless the operator turns sign-up off.
SIGNUP_ENABLED = env_bool("SIGNUP_ENABLED", default=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "tracker",
    "resumes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.PrivateResponsesMiddleware",
    "config.middleware.HtmxVaryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.middleware.RequestBodyLimitMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tracker.middleware.UserTimezoneMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "tracker.context_processors.site",
            ],
        },
    },
]

# Database: PostgreSQL when DATABASE_URL is set, otherwise an embedded SQLite file.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "reframe.sqlite3")),
            # Several processes (web, worker, beat) write at once: IMMEDIATE transactions,
            # WAL and a generous timeout keep SQLite from answering "database is locked".
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL;",
            },
        }
    }
    # SQLite has no covering indexes: it builds the dashboard's index without the
    # columns it would carry (models.W040 says so), and the dashboard reads the table.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "tracker:overview"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Hashed file names need `collectstatic`; the container runs it, local runs need not.
STATIC_BACKEND = (
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
    if env_bool("STATIC_MANIFEST")
    else "whitenoise.storage.CompressedStaticFilesStorage"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": STATIC_BACKEND},
}
WHITENOISE_USE_FINDERS = True

# Uploads: Django spools big files to disk but never refuses them; forms enforce real caps,
# and any request whose declared body is larger than this is refused (413) unread.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_BODY_MB", 25) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Mail: SMTP when EMAIL_HOST is set; otherwise printed to the console with DEBUG on (or
# EMAIL_TO_CONSOLE=true), and refused with DEBUG off. The variables keep their classic
# EMAIL_* names; Django 6.1 reads them through MAILERS.
if env_bool("EMAIL_USE_TLS") and env_bool("EMAIL_USE_SSL"):
    raise ImproperlyConfigured(
        "Set EMAIL_USE_TLS (STARTTLS, usually port 587) or EMAIL_USE_SSL (implicit TLS, "
        "usually port 465), not both."
    )
if env_str("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST"),
                "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS"),
                "use_ssl": env_bool("EMAIL_USE_SSL"),
                "timeout": env_int("EMAIL_TIMEOUT", 10),
            },
        }
    }
elif DEBUG or env_bool("EMAIL_TO_CONSOLE"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    # DEBUG off and no mail server: mail is refused, not printed. A password-reset link
    # printed to a production log is a live credential for anyone who reads the log.
    MAILERS = {"default": {"BACKEND": "config.mail.UnconfiguredMailBackend"}}
# Whether mail can go anywhere a person would read it (or a developer's console).
EMAIL_CONFIGURED = bool(env_str("EMAIL_HOST")) or DEBUG or env_bool("EMAIL_TO_CONSOLE")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Reframe <reframe@localhost>")

# Celery. Redis is a doorbell, not the record: pending work lives in database rows, so a
# lost message is re-sent by a sweeper and a redelivered one is refused by a row claim.
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
# The cache is the same Redis (calendar feed bodies). Nothing in it is the record: a
# cache that cannot be reached is a miss, and short timeouts keep a page from waiting.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "reframe",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
# The digest's lease: a digest still marked "sending" this long after its attempt began is
# taken for lost (its worker was killed) and sent again by the next run. It must outlast
# any live attempt, or a slow one is sent twice: a task is killed at its hard time limit,
# and one message sent by hand (`send_digests`) makes about ten SMTP round trips of at
# most EMAIL_TIMEOUT each. The minute on top allows for clocks that differ between
# machines. Longer only delays a lost digest; the fault tests shorten it to seconds.
DIGEST_SEND_LEASE_SECONDS = env_int(
    "DIGEST_SEND_LEASE_SECONDS",
    max(CELERY_TASK_TIME_LIMIT, 10 * env_int("EMAIL_TIMEOUT", 10)) + 60,
)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Must exceed the hard time limit, or a slow task is delivered twice while it runs.
    "visibility_timeout": 900,
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# A broker that accepts connections but never answers must not hang a web request.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Index a person's inventory on a worker soon after it changes, so their next build need
# not (resumes/inventory_index.py). The tests turn it off except where they check it.
INVENTORY_INDEX_WARMING = env_bool("INVENTORY_INDEX_WARMING", True)
# Fault-tolerance tests only: hold each résumé build open this long.
RESUME_BUILD_DELAY_SECONDS = float(env_str("RESUME_BUILD_DELAY_SECONDS", "0") or 0)
CELERY_BEAT_SCHEDULE: dict = {
    # The sweeper: builds whose message was lost (broker down, worker killed) run again.
    "requeue-pending-builds": {"task": "resumes.requeue_pending_builds", "schedule": 60.0},
    # The weekly digest: on the hour, everyone whose local slot has passed. A missed tick
    # loses nothing: the slot stays due until a run claims it.
    "send-due-digests": {"task": "tracker.send_due_digests", "schedule": crontab(minute=0)},
    # Sign-ups never confirmed: their link has expired, so nobody can open them.
    "remove-unconfirmed-accounts": {
        "task": "tracker.remove_unconfirmed_accounts",
        "schedule": crontab(minute=30, hour=3),
    },
}

# Security: strict by default, relaxed only for plain-HTTP local development.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
HTTPS = env_bool("HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
BEHIND_PROXY = env_bool("BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Failed log-ins allowed before that username, or that client address, must wait.
LOGIN_FAILURES_PER_ACCOUNT_PER_DAY = env_int("LOGIN_FAILURES_PER_ACCOUNT_PER_DAY", 20)
LOGIN_FAILURES_PER_ADDRESS_PER_HOUR = env_int("LOGIN_FAILURES_PER_ADDRESS_PER_HOUR", 20)
# A CSV of more rows than this is imported by a worker while the page shows progress.
CSV_IMPORT_INLINE_ROWS = env_int("CSV_IMPORT_INLINE_ROWS", 200)
SIGNUPS_PER_ADDRESS_PER_HOUR = env_int("SIGNUPS_PER_ADDRESS_PER_HOUR", 10)
PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = env_int("PASSWORD_RESETS_PER_ADDRESS_PER_HOUR", 10)
PASSWORD_RESETS_PER_EMAIL_PER_DAY = env_int("PASSWORD_RESETS_PER_EMAIL_PER_DAY", 5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"database_outage": {"()": "config.errors.DatabaseOutageLogFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["database_outage"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
