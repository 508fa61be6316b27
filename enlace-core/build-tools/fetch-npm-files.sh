#!/bin/sh
# Fetches files of an npm package with `npm pack` and stores them, with precompressed copies, as class-path resources
# of a module (the socket.io-client bundle of enlace-core, the admin UI of enlace-admin). Called by Maven
# (generate-resources). Never fails the build: without npm (or without network) the files are simply missing, the
# status file says why, and the module's server logs a WARN and answers 404 for them.
#   $1 = the module's target directory (absolute)
#   $2 = the npm package (e.g. socket.io-client, @socket.io/admin-ui)
#   $3 = its exact version
#   $4 = the folder inside the package to take files from (e.g. dist, ui/dist)
#   $5 = the resource folder under target/classes to write them to (e.g. io/enlace/client-dist)
#   $6 = the status file name under target (e.g. client-bundle-status.txt)
#   $7... = the files to take, relative to $4; none: every file under $4 except source maps (*.map)
TARGET="$1"
PACKAGE="$2"
VERSION="$3"
STATUS="$TARGET/$6"
mkdir -p "$TARGET"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "[enlace] WARNING: node/npm not found: $PACKAGE@$VERSION will NOT be packaged (its files answer 404)." >&2
  echo "missing: node/npm not found at build time" > "$STATUS"
  exit 0
fi
node "$(dirname "$0")/fetch-npm-files.js" "$@" || {
  echo "[enlace] WARNING: could not fetch $PACKAGE@$VERSION: its files will NOT be packaged (they answer 404)." >&2
  [ -f "$STATUS" ] || echo "missing: fetch failed" > "$STATUS"
}
exit 0
