#!/usr/bin/env bash
# A compressed pg_dump of the cedu database into DIR, keeping the last 14.
# Usage: backup.sh DIR [DBNAME]  (as the postgres user, or with PG* variables set)
set -euo pipefail
dir="${1:?backup directory}"
db="${2:-cedu}"
mkdir -p "$dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
tmp="$dir/.cedu-$stamp.dump.partial"
pg_dump --format=custom --compress=6 --no-owner --file="$tmp" "$db"
mv "$tmp" "$dir/cedu-$stamp.dump"   # only a finished dump gets its name
ls -1t "$dir"/cedu-*.dump | tail -n +15 | xargs -r rm --
echo "$dir/cedu-$stamp.dump"
