#!/bin/sh
# The container's roles. Secrets: mount files and point OPENIEP_SECRET_KEY_FILE / DATABASE_URL_FILE at them.
set -eu
case "${1:-web}" in
  web)
    if [ "${OPENIEP_MIGRATE_ON_START:-true}" = "true" ]; then openiep migrate --noinput; fi
    exec gunicorn -c /app/deploy/gunicorn.conf.py openiep.wsgi ;;
  worker)  exec openiep db_worker ;;
  migrate) exec openiep migrate --noinput ;;
  backup)  shift; exec openiep backup "$@" ;;
  *)       exec openiep "$@" ;;
esac
