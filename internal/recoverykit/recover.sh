#!/bin/sh
# recover.sh runs the DBackup Recovery Kit's restore script (dbackup-recover.js, next to this
# file) with Node.js on Linux and macOS. Every argument is passed on; without arguments it asks
# which backup to restore. Run `./recover.sh --help` for the options.
set -eu

dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)

need_node() {
	echo "recover.sh: $1" >&2
	echo "  The Recovery Kit needs Node.js 18 or later (https://nodejs.org/en/download)." >&2
	echo "  Debian/Ubuntu: sudo apt-get install nodejs   Fedora: sudo dnf install nodejs" >&2
	echo "  macOS (Homebrew): brew install node          or the installer from nodejs.org" >&2
	echo "  Without Node.js, use the dbackup binary instead: see README.md." >&2
	exit 127
}

command -v node >/dev/null 2>&1 || need_node "node is not on your PATH."
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$major" -ge 18 ] 2>/dev/null || need_node "node $(node --version 2>/dev/null || echo '?') is too old."

exec node "$dir/dbackup-recover.js" "$@"
