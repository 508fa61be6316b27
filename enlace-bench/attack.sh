#!/usr/bin/env bash
# Full-scale attacks by one hostile client against the demo, with a witness client and new clients meanwhile
# (io.enlace.bench.attack.Attack; not part of CI; about 6 minutes per build).
#   enlace-bench/attack.sh [--before <commit>] [--jar [label=]path]... [--attacks a,b] [--out file.md]
# Without --jar it attacks the demo jar of this tree (built here). --before <commit> also builds the demo of that
# commit in a temporary git worktree under /tmp (removed afterwards, nothing committed) and attacks it first, for a
# before/after table. Attacks: ping-flood, pipelining, slow-reader, slow-body, event-flood, rooms.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

before=""
args=()
jars=0
while [ $# -gt 0 ]; do
  case "$1" in
    --before) before="$2"; shift 2 ;;
    --jar) args+=("--jar" "$2"); jars=$((jars + 1)); shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

echo "building enlace-demo and enlace-bench..." >&2
mvn -q -B -pl enlace-demo,enlace-bench -am package -DskipTests >&2

jar_args=()
if [ -n "$before" ]; then
  wt="$(mktemp -d /tmp/enlace-before-XXXXXX)"
  trap 'git -C "$root" worktree remove --force "$wt" >/dev/null 2>&1 || true; rm -rf "$wt"' EXIT
  echo "building the demo of $before in $wt..." >&2
  git -C "$root" worktree add --detach "$wt" "$before" >&2
  (cd "$wt" && mvn -q -B -pl enlace-demo -am package -DskipTests >&2)
  jar_args+=("--jar" "before ($before)=$wt/enlace-demo/target/enlace-demo.jar")
fi
if [ "$jars" -eq 0 ]; then
  jar_args+=("--jar" "after ($(git -C "$root" rev-parse --short HEAD))=$root/enlace-demo/target/enlace-demo.jar")
fi

exec java -Xmx512m -cp "$root/enlace-bench/target/enlace-bench.jar" io.enlace.bench.attack.Attack --root "$root" \
  "${jar_args[@]}" "${args[@]}"
