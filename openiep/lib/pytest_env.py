"""Loaded by pytest with ``-p`` (before pytest-django reads the settings) to give tests a secret key."""

import os

os.environ.setdefault("OPENIEP_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("OPENIEP_SSL_REDIRECT", "false")
