#!/usr/bin/env bash
# PII scrubbing throughput (bench/PiiScrubBench.java) against the built server/core classes.
# usage: bench/pii-scrub.sh [--messages 20000] [--pii-share 0.3]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="$("$root/bin/java-home")"
cd "$root"
mvn -B -q -pl server/core install -DskipTests
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -pl server/core dependency:build-classpath -Dmdep.outputFile="$cp_file"
classpath="$(cat "$cp_file")"
"$JAVA_HOME/bin/java" -cp "server/core/target/classes:$classpath" bench/PiiScrubBench.java "$@"
