#!/bin/sh
# recover.command is the macOS double-click launcher of the DBackup Recovery Kit: Finder opens it
# in Terminal, it moves to the kit's folder and runs the restore script interactively (restored
# files go to the "restored" folder inside the kit). If macOS refuses to open it, right-click it
# and choose Open.
cd -- "$(dirname -- "$0")" || exit 1
sh ./recover.sh
rc=$?
echo
printf 'Press Enter to close this window. '
read -r _ || true
exit $rc
