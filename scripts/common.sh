# Shared by scripts/demo.sh and scripts/test.sh. Source it; do not run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOBS="$(nproc 2>/dev/null || echo 2)"

# Debian 12 packages Granska builds, tests and runs with. Why each one: README.md.
GRANSKA_PACKAGES=(build-essential cmake pkg-config libpoco-dev libsoci-dev libpq-dev postgresql
  libkainjow-mustache-dev libboost-test-dev libyaml-cpp-dev libsodium-dev weasyprint poppler-utils fonts-dejavu-core
  chromium nodejs clang-14 libclang-rt-14-dev)
# The browser test's npm client: Debian packages it as npm; NodeSource's nodejs ships its own.
command -v npm >/dev/null 2>&1 || GRANSKA_PACKAGES+=(npm)

# Each step says how long the script has run so far (bash's SECONDS), so a CI log shows
# where its time went.
log() { printf '\033[1m==> [%d s] %s\033[0m\n' "$SECONDS" "$*" >&2; }

# Installs what is missing when root; otherwise prints the exact apt-get line and stops.
ensure_packages() {
  local missing=()
  for p in "${GRANSKA_PACKAGES[@]}" "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Granska needs these Debian packages. Install them as root, then run this again:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
}

pg_bin() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -n "$d" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; exit 1; }
  echo "$d"
}

# PostgreSQL refuses to run as root: as root, the cluster belongs to the 'postgres' user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start DIR [extra postgres options]: a private cluster in DIR, reachable only through
# the unix socket in DIR/sock (listen_addresses is empty: no TCP at all). Prints nothing;
# sets PG_DIR and GRANSKA_PG (a libpq connection string without dbname).
pg_start() {
  PG_DIR="$1"; shift
  local bin; bin="$(pg_bin)"
  mkdir -p "$PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$PG_DIR"
    if ! runuser -u postgres -- test -w "$PG_DIR"; then
      echo "The postgres user cannot write to $PG_DIR (a parent folder is private)." >&2
      echo "Clone the project somewhere the postgres user can reach, e.g. /srv or /tmp." >&2
      exit 1
    fi
  fi
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$PG_DIR/data" -U granska --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
      || { cat "$PG_DIR/initdb.log" >&2; exit 1; }
  fi
  as_pg mkdir -p "$PG_DIR/sock"
  chmod 700 "$PG_DIR/sock" 2>/dev/null || as_pg chmod 700 "$PG_DIR/sock"
  if ! as_pg "$bin/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 \
      -o "-c listen_addresses='' -k $PG_DIR/sock -p 5432 $*" start >/dev/null \
      || { cat "$PG_DIR/postgres.log" >&2; exit 1; }
  fi
  GRANSKA_PG="host=$PG_DIR/sock port=5432 user=granska"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] && [ -f "$PG_DIR/data/PG_VERSION" ] || return 0
  as_pg "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
}

# pg_createdb NAME: creates the database when missing.
pg_createdb() {
  local bin; bin="$(pg_bin)"
  if ! "$bin/psql" "$GRANSKA_PG dbname=postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; then
    "$bin/psql" "$GRANSKA_PG dbname=postgres" -qc "CREATE DATABASE \"$1\"" >/dev/null
  fi
}
