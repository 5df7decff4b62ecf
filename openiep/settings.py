"""The one settings module. Everything that differs between machines comes from the environment.

- ``DATABASE_URL``: default an SQLite file in the project folder; ``postgres://…`` in production.
- ``OPENIEP_SECRET_KEY`` (or ``OPENIEP_SECRET_KEY_FILE``): required unless ``OPENIEP_DEBUG`` is on.
- ``OPENIEP_DEBUG``: only for the demo and development.
- ``OPENIEP_ALLOWED_HOSTS``: comma-separated host names.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from openiep.lib.env import env_bool, env_int, env_list, env_str

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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in user unless it says otherwise (@login_not_required).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = True

# Cookies and transport: strict by default, relaxed only for the demo on http://127.0.0.1.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_AGE = env_int("OPENIEP_SESSION_SECONDS", 8 * 60 * 60)
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
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("OPENIEP_LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step at INFO: only its warnings matter.
    "loggers": {"django.db.backends": {"level": "INFO"}, "weasyprint": {"level": "WARNING"},
                "fontTools": {"level": "WARNING"}},
}

# Paths OpenIEP reads from outside the project (never copied into it).
OPENIEP_SHARED_DIR = Path(env_str("OPENIEP_SHARED_DIR", str(BASE_DIR.parent / "shared")))

FORM_RENDERER = "openiep.lib.forms.FormRenderer"
