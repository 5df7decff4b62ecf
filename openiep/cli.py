"""The ``openiep`` command: Django's management commands with the names staff type.

``openiep import-roster PATH`` runs the ``import_roster`` management command, and so on; any other
Django command (``openiep migrate``) passes straight through.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openiep.settings")
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    args[0] = "openiep"
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
