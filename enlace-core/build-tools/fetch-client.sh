#!/bin/sh
# Fetches the official socket.io-client bundle (dist/) with npm and stores it, precompressed, as class-path resources.
# Called by Maven (generate-resources of enlace-core). Never fails the build: without npm (or without network) the
# bundle is simply missing, and the server logs a WARN and answers 404 for the client files.
#   $1 = the module's target directory (absolute)
#   $2 = the socket.io-client version to fetch (exact)
TARGET="$1"
VERSION="$2"
STATUS="$TARGET/client-bundle-status.txt"
mkdir -p "$TARGET"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "[enlace] WARNING: node/npm not found: the socket.io-client bundle will NOT be packaged (serveClient answers 404)." >&2
  echo "missing: node/npm not found at build time" > "$STATUS"
  exit 0
fi
node "$(dirname "$0")/fetch-client.js" "$TARGET" "$VERSION" || {
  echo "[enlace] WARNING: could not fetch socket.io-client@$VERSION: the bundle will NOT be packaged (serveClient answers 404)." >&2
  [ -f "$STATUS" ] || echo "missing: fetch failed" > "$STATUS"
}
exit 0
