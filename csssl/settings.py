"""Settings, read from environment variables (see the README for every one).

Local defaults are safe for a developer's machine: SQLite, console email, tasks run in-process.
Production hardening (secure cookies, HSTS, SSL redirect) switches on with ``DEBUG=False``.
"""

from datetime import date
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

from csssl import retention
from csssl.log_config import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# The default key is for development and tests only: `manage.py check --deploy` rejects it
# (security.W009), and the production container runs that check before it starts.
SECRET_KEY = env(
    "SECRET_KEY",
    default="django-insecure-development-key-do-not-use-in-production-0123456789",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "csssl.views.csrf_failure"
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("SITE_NAME", default="East Midlands Children's Services Leadership Programmes")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "csp",
    "csssl",
    "cohorts",
    "applications",
    "events",
    "evaluations",
    "mentoring",
]

MIDDLEWARE = [
    # Before anything can log or fail: every log line and error page names the request.
    "csssl.request_id.RequestIdMiddleware",
    "csssl.middleware.PermissionsPolicyMiddleware",
    # Before anything asks for the host: the container's health check uses 127.0.0.1.
    "csssl.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csssl.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After the sign-in and messages middleware: both read the signed-in person and may sign
    # them out or send them on with a message.
    "csssl.session_limits.SessionLimitsMiddleware",
    "csssl.two_factor.TwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "csssl.urls"
WSGI_APPLICATION = "csssl.wsgi.application"

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
                "csssl.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Each gunicorn (sync) worker keeps its connection for a minute instead of opening one per
# request; a connection the server dropped is noticed before a request uses it. Celery's
# Django fixup closes a worker's connections around every task, so tasks are unaffected.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no row locks: a transaction that takes the write lock when it begins, and
    # waits for it, makes two requests at once (a double click) run one after the other
    # instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits on sign-in and sign-up live in the cache: with several web processes, point
# CACHE_URL at Redis (e.g. redis://redis:6379/1) so they share one count. PDFs that read the
# same from one request to the next are kept there too (csssl/pdf_cache.py).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis that stops answering costs a request a second, not a hung worker, and reads as an
    # empty cache rather than a server error (csssl/cache.py).
    CACHES["default"]["BACKEND"] = "csssl.cache.ForgivingRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 1, "socket_timeout": 1}
    )
#: How long a rendered PDF is kept. Its key changes whenever what it shows does, so this only
#: bounds how long a superseded one takes up room.
PDF_CACHE_SECONDS = env.int("PDF_CACHE_SECONDS", default=7 * 24 * 60 * 60)

AUTH_USER_MODEL = "csssl.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # The account forms read this limit too, to refuse a longer password before hashing it.
    {"NAME": "csssl.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cohorts:home"
LOGOUT_REDIRECT_URL = "cohorts:home"

# Accounts (django-allauth): email is the login; sign-up is confirmed by a link in an email.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "csssl.accounts.AccountAdapter"
ACCOUNT_FORMS = {
    name: f"csssl.accounts.{form}"
    for name, form in {
        "signup": "SignupForm",
        "login": "LoginForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "reauthenticate": "ReauthenticateForm",
        "add_email": "AddEmailForm",
    }.items()
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Two-factor sign-in (allauth.mfa; csssl/two_factor.py): an authenticator app with recovery
# codes, or a security key. Staff (the DCS group, coordinators, mentors, superusers) must set one
# up and pass it before the admin opens; everyone else may turn it on from their account.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="EM Leadership Programmes")
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=not DEBUG)
# Sessions (csssl/session_limits.py): signed out after this long without a request (staff
# sooner), and after this long whatever they do. 0 switches a limit off.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=60)
SESSION_STAFF_IDLE_MINUTES = env.int("SESSION_STAFF_IDLE_MINUTES", default=30)
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)
if SESSION_ABSOLUTE_HOURS:
    # The cookie need not outlive the session it carries.
    SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 60 * 60

# Failed sign-ins (csssl/ratelimit.py): per account and address together, a few free tries then
# a doubling wait up to the ceiling; per account from anywhere, a fixed window; per address
# alone, allauth's much higher limit, so one person cannot lock out a council's shared address.
SIGNIN_FREE_FAILURES = env.int("SIGNIN_FREE_FAILURES", default=5)
SIGNIN_BACKOFF_CEILING_SECONDS = env.int("SIGNIN_BACKOFF_CEILING_SECONDS", default=300)
SIGNIN_ACCOUNT_FAILURE_LIMIT = env.int("SIGNIN_ACCOUNT_FAILURE_LIMIT", default=50)
SIGNIN_ACCOUNT_WINDOW_SECONDS = 300
SIGNIN_ADDRESS_FAILURES_PER_MINUTE = env.int("SIGNIN_ADDRESS_FAILURES_PER_MINUTE", default=100)
ACCOUNT_RATE_LIMITS = {
    "login": f"{4 * SIGNIN_ADDRESS_FAILURES_PER_MINUTE}/m/ip",
    "login_failed": f"{SIGNIN_ADDRESS_FAILURES_PER_MINUTE}/m/ip",
}
# Public certificate checks per address (cohorts/certificates/verify.py).
CERTIFICATE_CHECKS_PER_MINUTE = env.int("CERTIFICATE_CHECKS_PER_MINUTE", default=20)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
# Every file the product stores (certificate zips, portfolio evidence) is on this one storage,
# shared by every web and worker process (csssl/storage.py). By default a folder kept apart
# from MEDIA_ROOT and given no URL, so no web server hands a file out; only the views that
# check who asks read one. A deployment may name another backend (an S3-compatible bucket)
# with its options as JSON.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
STORAGES["private"] = {
    "BACKEND": env("PRIVATE_STORAGE_BACKEND", default="csssl.storage.PrivateStorage"),
    "OPTIONS": env.json("PRIVATE_STORAGE_OPTIONS", default={}),
}
#: The largest evidence file a participant may attach to a portfolio entry, in bytes.
PORTFOLIO_UPLOAD_MAX_BYTES = env.int("PORTFOLIO_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console by default; set EMAIL_URL (smtp://user:pass@host:587/?tls=True) for real mail.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Leadership Programmes <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# Celery. Without a broker every task runs in-process at once (eagerly).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must not hang a request when the broker is down: the outbox sweep catches up.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "csssl.outbox_sweep", "schedule": 60.0},
    "reminders-sweep": {"task": "csssl.reminders_sweep", "schedule": 300.0},
    "jobs-sweep": {"task": "csssl.jobs_sweep", "schedule": 60.0},
    # The retention schedule, carried out once a day in the small hours (UK time).
    "retention-sweep": {"task": "csssl.retention_sweep", "schedule": crontab(hour=2, minute=30)},
}
# Beat writes the time it last queued a sweep here; `manage.py beat_health` reads it.
BEAT_HEARTBEAT_FILE = env.path("BEAT_HEARTBEAT_FILE", default="/tmp/celerybeat-heartbeat")

# Content Security Policy: everything from our own origin, nothing inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

# Permissions-Policy (csssl/middleware.py): the browser features a page may use, feature ->
# origins allowed. Nothing here needs a camera, microphone, location, payment or a device;
# security keys (WebAuthn) are allowed on our own origin, for staff who sign in with one.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "bluetooth": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# A secret link (an endorser's, a password reset, a calendar address) never reaches a log line
# or an error report with its token: csssl/log_redaction.py hides it.
DEFAULT_EXCEPTION_REPORTER = "csssl.log_redaction.ExceptionReporter"
# One JSON object a line in production (for a log collector), plain lines in development; every
# line names its request (csssl/request_id.py). See "Logs and errors" in the README.
LOG_FORMAT = env("LOG_FORMAT", default="text" if DEBUG else "json")
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = logging_config(log_format=LOG_FORMAT, level=LOG_LEVEL)
LOGGING_CONFIG = "csssl.log_config.configure"

# Error reporting (Sentry, or a service that speaks its protocol): off unless SENTRY_DSN is set.
# What is sent is redacted like a log line (csssl/error_reporting.py).
SENTRY_DSN = env("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env("SENTRY_ENVIRONMENT", default="development" if DEBUG else "production")
SENTRY_RELEASE = env("SENTRY_RELEASE", default="") or None
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)
if SENTRY_DSN:
    from csssl.error_reporting import error_reporting_init

    error_reporting_init(
        dsn=SENTRY_DSN,
        environment=SENTRY_ENVIRONMENT,
        release=SENTRY_RELEASE,
        traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
    )

# Outbox: how long a message may sit in "sending" before the sweep takes it as abandoned,
# and how many attempts a temporary failure gets before it is marked failed for a person.
OUTBOX_STUCK_AFTER_SECONDS = env.int("OUTBOX_STUCK_AFTER_SECONDS", default=15 * 60)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)

# How long a link emailed to an endorser works (each reminder sends a fresh one).
ENDORSEMENT_LINK_DAYS = env.int("ENDORSEMENT_LINK_DAYS", default=30)
# How long the link in an offer email works (the offer itself must be answered by its date).
OFFER_LINK_DAYS = env.int("OFFER_LINK_DAYS", default=60)
# How long a link emailed to a rater works (each reminder sends a fresh one).
RATER_LINK_DAYS = env.int("RATER_LINK_DAYS", default=45)

# Who is responsible for the personal data the service holds, and whom to write to about it:
# the privacy notice (/privacy/) states them, with the retention schedule below.
DATA_CONTROLLER_NAME = env("DATA_CONTROLLER_NAME", default="East Midlands Leadership Programmes")
DATA_CONTROLLER_ADDRESS = env(
    "DATA_CONTROLLER_ADDRESS",
    default="Data Protection Officer, East Midlands Leadership Programmes",
)
DATA_PROTECTION_CONTACT = env("DATA_PROTECTION_CONTACT", default="dataprotection@example.org")
# How many months each kind of personal data is kept (csssl/retention.py holds the table,
# each category with its own RETENTION_<KEY>_MONTHS variable).
RETENTION = retention.from_environment(env)

# The accessibility statement (/accessibility/): where to report a problem, and the day the
# checks it lists last ran.
ACCESSIBILITY_CONTACT = env("ACCESSIBILITY_CONTACT", default="accessibility@example.org")
ACCESSIBILITY_LAST_CHECKED = date.fromisoformat(
    env("ACCESSIBILITY_LAST_CHECKED", default="2026-12-03")
)

# `make bench` only: /bench/floor answers a constant through the whole middleware stack, the
# floor every measured page is compared with. Off everywhere else (the path does not exist).
BENCH_FLOOR_VIEW = env.bool("BENCH_FLOOR_VIEW", default=False)
