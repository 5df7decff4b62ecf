"""The one settings module. Everything that differs between machines comes from the environment.

- ``DATABASE_URL``: default an SQLite file in the project folder; ``postgres://…`` in production.
- ``OPENIEP_SECRET_KEY`` (or ``OPENIEP_SECRET_KEY_FILE``): required unless ``OPENIEP_DEBUG`` is on.
- ``OPENIEP_DEBUG``: only for the demo and development.
- ``OPENIEP_ALLOWED_HOSTS``: comma-separated host names.
"""

from __future__ import annotations

import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from openiep.lib.env import env_bool, env_int, env_list, env_str
from openiep.security.rules import STAFF_ROLES

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

DEBUG = env_bool("OPENIEP_DEBUG", False)

SECRET_KEY = env_str("OPENIEP_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set OPENIEP_SECRET_KEY (or OPENIEP_SECRET_KEY_FILE); only the demo (OPENIEP_DEBUG=true) "
            "may run without one."
        )
    SECRET_KEY = "insecure-demo-key-never-use-in-production-" + "x" * 20  # noqa: S105

ALLOWED_HOSTS = env_list("OPENIEP_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("OPENIEP_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "template_partials",
    "django_filters",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    # The process, in order; cross-cutting apps after it.
    "openiep.people",
    "openiep.prereferral",
    "openiep.referrals",
    "openiep.evaluations",
    "openiep.eligibility",
    "openiep.meetings",
    "openiep.iep",
    "openiep.implementation",
    "openiep.progress",
    "openiep.review",
    "openiep.cases",
    "openiep.access",
    "openiep.audit",
    "openiep.roster",
    "openiep.demo",
    "openiep.compliance",
    "openiep.documents",
    # Sign-in security and operations (issue 8).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "openiep.security",
    "openiep.ops",
    "openiep.retention",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "openiep.reporting",
    "openiep.api",
    "openiep.safeguards",
    "openiep.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "openiep.security.middleware.SessionIdleMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # An expired session on an htmx request or form POST: 401 that keeps the text, not a redirect.
    "openiep.security.middleware.SignedOutMiddleware",
    "openiep.portal.middleware.UserLanguageMiddleware",
    # Every page needs a signed-in user unless it says otherwise (@login_not_required).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "openiep.security.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: counts failed sign-ins and answers locked-out ones.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "openiep.urls"
WSGI_APPLICATION = "openiep.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "openiep.compliance.context_processors.compliance",
                "openiep.access.context_processors.menu",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{BASE_DIR / 'openiep.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_sqlite),
        # Persistent connections: PostgreSQL without them served ~4x fewer requests (stack.md).
        conn_max_age=env_int("OPENIEP_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the worker and the web process read while the other writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("OPENIEP_TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("OPENIEP_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = Path(env_str("OPENIEP_MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"

TASKS = {
    "default": {
        "BACKEND": env_str("OPENIEP_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = env_str("OPENIEP_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("OPENIEP_FROM_EMAIL", "openiep@localhost")
EMAIL_HOST = env_str("OPENIEP_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("OPENIEP_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("OPENIEP_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("OPENIEP_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("OPENIEP_EMAIL_TLS", False)

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = True

# Cookies and transport: strict by default, relaxed only for the demo on http://127.0.0.1.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# Sessions end after this long without a request (each request moves the end forward).
SESSION_COOKIE_AGE = env_int("OPENIEP_SESSION_IDLE_SECONDS", env_int("OPENIEP_SESSION_SECONDS", 30 * 60))
SESSION_SAVE_EVERY_REQUEST = False  # openiep.security.middleware.SessionIdleMiddleware moves the end, once a minute
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("OPENIEP_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("OPENIEP_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("OPENIEP_BEHIND_PROXY") else None
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload is a district's own decision.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One JSON object a line in production (for journald, Loki, Elasticsearch…); plain text in debug.
    "formatters": {"json": {"()": "openiep.ops.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler",
                             **({"formatter": "json"} if env_str("OPENIEP_LOG_FORMAT", "text" if DEBUG else "json")
                                == "json" else {})}},
    "root": {"handlers": ["console"], "level": env_str("OPENIEP_LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step at INFO: only its warnings matter.
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"},
                "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Paths OpenIEP reads from outside the project (never copied into it).
OPENIEP_SHARED_DIR = Path(env_str("OPENIEP_SHARED_DIR", str(BASE_DIR.parent / "shared")))

FORM_RENDERER = "openiep.lib.forms.FormRenderer"

# --- Sign-in security (issue 8) ---------------------------------------------------------------------------
# argon2 first (new and changed passwords); the others still verify older hashes and upgrade them at sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "openiep.security.backends.LockoutBackend",  # django-axes: refuses locked-out usernames
    "django.contrib.auth.backends.ModelBackend",
]
# Repeated failures lock the username (whatever the address, existing account or not) for a while.
AXES_FAILURE_LIMIT = env_int("OPENIEP_SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("OPENIEP_SIGN_IN_COOLOFF_MINUTES", 15))
# By username alone: rotating addresses, browsers or cookies does not help an attacker, and one school's
# shared address (NAT) is never locked for everyone. axes.W006 asks for the address, which would do the latter.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS += ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "openiep.security.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Password reset links work once and for this many seconds.
PASSWORD_RESET_TIMEOUT = env_int("OPENIEP_PASSWORD_RESET_SECONDS", 60 * 60)
# Roles that must use a second factor (TOTP). Production default: every staff role; a district may narrow it.
MFA_REQUIRED_ROLES = env_list("OPENIEP_MFA_REQUIRED_ROLES", [] if DEBUG else list(STAFF_ROLES))
OTP_TOTP_ISSUER = env_str("OPENIEP_OTP_ISSUER", "OpenIEP")

# --- Security headers: a content security policy with nothing inline (django-csp) ------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

# --- Static files: WhiteNoise; hashed, compressed files in production (needs collectstatic) ---------------
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("OPENIEP_STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
WHITENOISE_USE_FINDERS = not env_bool("OPENIEP_STATIC_MANIFEST", not DEBUG)
if WHITENOISE_USE_FINDERS:
    # Without collectstatic the files come from the app folders; an absent STATIC_ROOT is expected then.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
# Probes from a load balancer come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# The integration API (openiep/api): token or session authentication, one access policy, one error shape.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "openiep.api.authentication.TokenAuthentication",
        "openiep.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["openiep.api.permissions.HasScope"],
    "DEFAULT_PAGINATION_CLASS": "openiep.api.pagination.Pagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "openiep.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OpenIEP integration API",
    "DESCRIPTION": "Students, families, cases, IEPs, services, deadlines and documents of one district, read "
                   "through the same access policy as the pages. Every read by a staff token is entered in the "
                   "student's record of access (34 CFR 300.614).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for a choice set shared by several fields.
    "ENUM_NAME_OVERRIDES": {
        "AssessmentParticipationEnum": "openiep.iep.models.IEP.AssessmentParticipation",
        "LanguageEnum": "openiep.lib.languages.LANGUAGE_CHOICES",
    },
}
