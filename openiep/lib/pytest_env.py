"""Loaded by pytest with ``-p`` (before pytest-django reads the settings) to give tests a secret key."""

import os

os.environ.setdefault("OPENIEP_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("OPENIEP_SSL_REDIRECT", "false")
# Tests sign in with force_login; the second-factor tests turn the requirement on themselves.
os.environ.setdefault("OPENIEP_MFA_REQUIRED_ROLES", "")
# Tests do not run collectstatic; the production storage (hashed names) is tested under gunicorn.
os.environ.setdefault("OPENIEP_STATIC_MANIFEST", "false")
