# shellcheck shell=bash
# Shared helpers of scripts/serve.sh and scripts/test.sh: install what DBackup needs on Debian
# and start the local services its tests use. Sourced, not run.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="/usr/local/go/bin:$HOME/go/bin:$PATH"
# Test servers and tools built from source are cached here (git-ignored).
CACHE_DIR="$ROOT/.cache"
# Minimum versions: Go from go.mod; Node.js for Vite 8.
MIN_NODE_MAJOR=20
MIN_NODE_MINOR=19

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root for: $*"; fi
}

APT_UPDATED=""
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "apt-get install ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_go() {
  if ! command -v go >/dev/null; then
    # Debian's Go may be older than go.mod asks for; GOTOOLCHAIN=auto then fetches the right
    # toolchain through the Go module proxy.
    apt_install golang-go ca-certificates
  fi
  export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
  go version >/dev/null || die "go does not run"
}

ensure_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
  local v major minor
  v=$(node -p 'process.versions.node')
  major=${v%%.*}; minor=${v#*.}; minor=${minor%%.*}
  if [ "$major" -lt "$MIN_NODE_MAJOR" ] || { [ "$major" -eq "$MIN_NODE_MAJOR" ] && [ "$minor" -lt "$MIN_NODE_MINOR" ]; }; then
    die "Node.js $v is too old: the web interface needs $MIN_NODE_MAJOR.$MIN_NODE_MINOR or newer (install it from your distribution's backports or nodesource)"
  fi
}

# npm_install installs the locked npm packages when node_modules is missing or stale.
npm_install() {
  local stamp="$ROOT/node_modules/.dbackup-lock.sha256" sum
  sum=$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)
  if [ "${CI:-}" = true ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    say "npm ci"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$sum" >"$stamp"
  fi
}

# build_binary builds the SPA and the dbackup binary with it embedded, into bin/dbackup.
build_binary() {
  say "building the web interface"
  (cd "$ROOT" && npm run --silent build >/dev/null)
  say "building bin/dbackup"
  local version
  version=$(git -C "$ROOT" describe --tags --always --dirty 2>/dev/null || echo dev)
  (cd "$ROOT" && CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X github.com/dbackup/dbackup/internal/buildinfo.version=$version" \
    -o bin/dbackup ./cmd/dbackup)
}

ensure_chromium() {
  command -v chromium >/dev/null || apt_install chromium
  command -v chromium >/dev/null || die "chromium is missing and could not be installed"
}

# ensure_versitygw builds the S3 server the storage tests start (versitygw, about two minutes the
# first time) into $CACHE_DIR/bin once, and exports VERSITYGW_BIN for them.
VERSITYGW_VERSION=v1.8.0
ensure_versitygw() {
  export VERSITYGW_BIN="$CACHE_DIR/bin/versitygw"
  if [ ! -x "$VERSITYGW_BIN" ]; then
    say "building versitygw $VERSITYGW_VERSION (S3 server for tests)"
    (cd "$ROOT" && GOBIN="$CACHE_DIR/bin" go install "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION")
  fi
  [ -x "$VERSITYGW_BIN" ] || die "versitygw is missing at $VERSITYGW_BIN and could not be built"
}

# ensure_ferretdb builds the MongoDB wire server the MongoDB source tests start (FerretDB with its
# SQLite backend, from scripts/ferretdb, a Go module of its own so that FerretDB stays out of
# go.mod; about two minutes the first time) into $CACHE_DIR/bin, again only when scripts/ferretdb
# changes, and exports FERRETDB_BIN for them.
ensure_ferretdb() {
  export FERRETDB_BIN="$CACHE_DIR/bin/ferretdb"
  local src="$ROOT/scripts/ferretdb" stamp="$CACHE_DIR/bin/ferretdb.sha256" sum
  sum=$(cat "$src/go.mod" "$src/go.sum" "$src"/*.go | sha256sum | cut -d' ' -f1)
  if [ ! -x "$FERRETDB_BIN" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
    say "building ferretdb (MongoDB server for tests) from scripts/ferretdb"
    (cd "$src" && go build -trimpath -buildvcs=false -o "$FERRETDB_BIN" .)
    echo "$sum" >"$stamp"
  fi
  [ -x "$FERRETDB_BIN" ] || die "ferretdb is missing at $FERRETDB_BIN and could not be built"
}

# ensure_oidcop builds the OpenID Provider the single sign-on tests start (zitadel/oidc's op
# package with an in-memory storage, from scripts/oidcop, a Go module of its own so that
# zitadel/oidc stays out of go.mod) into $CACHE_DIR/bin, again only when scripts/oidcop changes,
# and exports OIDCOP_BIN for them.
ensure_oidcop() {
  export OIDCOP_BIN="$CACHE_DIR/bin/oidcop"
  local src="$ROOT/scripts/oidcop" stamp="$CACHE_DIR/bin/oidcop.sha256" sum
  sum=$(cat "$src/go.mod" "$src/go.sum" "$src"/*.go | sha256sum | cut -d' ' -f1)
  if [ ! -x "$OIDCOP_BIN" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
    say "building oidcop (OpenID Provider for tests) from scripts/oidcop"
    (cd "$src" && go build -trimpath -buildvcs=false -o "$OIDCOP_BIN" .)
    echo "$sum" >"$stamp"
  fi
  [ -x "$OIDCOP_BIN" ] || die "oidcop is missing at $OIDCOP_BIN and could not be built"
}

# ensure_postgres makes sure a PostgreSQL server answers on 127.0.0.1:5432 for the tests.
ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null; then
    apt_install postgresql
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    say "starting PostgreSQL"
    local v
    for v in $(ls /etc/postgresql 2>/dev/null); do
      as_root pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>/dev/null || true
    done
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 || die "PostgreSQL does not answer on 127.0.0.1:5432"
  if [ -z "${PG_TEST_URL:-}" ] && ! psql -w -h 127.0.0.1 -U postgres -d postgres -qAtc 'select 1' >/dev/null 2>&1; then
    die "PostgreSQL on 127.0.0.1 refuses user postgres without a password: allow it (trust for 127.0.0.1 in pg_hba.conf) or set PG_TEST_URL=postgres://USER:PASSWORD@127.0.0.1:5432/postgres"
  fi
}

# mariadb_ready reports whether a MariaDB/MySQL server answers on 127.0.0.1:3306 (even one that
# refuses the user: mariadb-admin ping then still succeeds).
mariadb_ready() { mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 -u root --connect-timeout=2 ping >/dev/null 2>&1; }

# ensure_mariadb makes sure a MariaDB server answers on 127.0.0.1:3306 for the tests
# (internal/testutil/mysqltest), which connect as root without a password unless MYSQL_TEST_DSN is set.
ensure_mariadb() {
  if [ ! -x /usr/sbin/mariadbd ] || ! command -v mariadb-admin >/dev/null; then
    apt_install mariadb-server
  fi
  if ! mariadb_ready; then
    say "starting MariaDB"
    as_root install -d -o mysql -g mysql /run/mysqld 2>/dev/null || true
    as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
    for _ in $(seq 1 30); do mariadb_ready && break; sleep 1; done
  fi
  mariadb_ready || die "MariaDB does not answer on 127.0.0.1:3306: start it (start-stop-daemon --start --background --exec /usr/sbin/mariadbd) and see its error log"
  if [ -z "${MYSQL_TEST_DSN:-}" ] && ! mariadb --protocol=tcp -h 127.0.0.1 -P 3306 -u root -e 'select 1' >/dev/null 2>&1; then
    die "MariaDB on 127.0.0.1 refuses root without a password: allow it, or set MYSQL_TEST_DSN='USER:PASSWORD@tcp(127.0.0.1:3306)/' for a user that may create databases and users"
  fi
}

# redis_ping prints what Redis on 127.0.0.1:6379 answers to PING, or nothing.
redis_ping() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null || true; }

# ensure_redis makes sure a Redis server answers on 127.0.0.1:6379 for the tests
# (internal/testutil/redistest), which use the default user without a password unless
# REDIS_TEST_ADDR points elsewhere.
ensure_redis() {
  if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
    apt_install redis-server
  fi
  if [ -z "$(redis_ping)" ]; then
    say "starting Redis"
    as_root mkdir -p /var/lib/redis /var/log/redis
    as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
    for _ in $(seq 1 30); do [ -n "$(redis_ping)" ] && break; sleep 1; done
  fi
  case "$(redis_ping)" in
    PONG) ;;
    "") die "Redis does not answer on 127.0.0.1:6379: see /var/log/redis/ci.log" ;;
    *) [ -n "${REDIS_TEST_ADDR:-}" ] || die "Redis on 127.0.0.1:6379 requires a password; the tests need its default user without one (or set REDIS_TEST_ADDR to another server)" ;;
  esac
}
