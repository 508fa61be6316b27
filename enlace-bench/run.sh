#!/usr/bin/env bash
# Builds what the benchmark needs and runs it.
#   enlace-bench/run.sh [--quick] [--targets enlace,node,netty-socketio,raw-netty] [other harness options]
# Other options: --smoke, --scenarios connections,echo,fanout,polling, --out DIR, --no-pin, --whole-box, --quiet-targets,
# --repeat N (each figure the median of N alternating runs); target enlace-metrics = enlace with the Micrometer meters bound.
# Needs: JDK 17+, Maven, Node 18+ with npm (the Node target runs `npm ci` in targets/node when node_modules is missing).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

echo "building enlace-bench and enlace-bench-nettysocketio..." >&2
mvn -q -B -pl enlace-bench,enlace-bench-nettysocketio -am package -DskipTests >&2

# The load generator gets a fixed heap; targets are started by the harness with their own (identical) JVM flags.
exec java -Xms2g -Xmx2g -XX:+UseG1GC -Dio.netty.leakDetection.level=disabled \
  -jar "$root/enlace-bench/target/enlace-bench.jar" --root "$root" "$@"
