#!/usr/bin/env bash
# Restores a dump made by backup.sh into a NEW database (never over the live one).
# Usage: restore.sh DUMP NEW_DBNAME   then point CEDU_DATABASE_URL at it (runbook).
set -euo pipefail
dump="${1:?dump file}"
db="${2:?new database name}"
createdb "$db"
pg_restore --no-owner --exit-on-error --dbname="$db" "$dump"
psql -X -q -d "$db" -c "SELECT version_num FROM alembic_version" -t
