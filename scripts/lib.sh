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
