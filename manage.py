#!/usr/bin/env python3
"""Django's command-line utility; `openiep` (or `python -m openiep`) is the same with friendlier names."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openiep.settings")
    # manage.py is the developer's entry point: debug by default, so it runs without a secret key.
    # Deployments run the `openiep` command with OPENIEP_SECRET_KEY set, which this does not change.
    os.environ.setdefault("OPENIEP_DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
