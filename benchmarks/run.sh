#!/bin/sh
# Regenerates docs/benchmarks.md: builds the provider and the benchmarks, runs the suite (about
# 45 minutes on 2 cores) and writes JMH's JSON to benchmarks/target/results.json.
# Arguments go to dev.strata.benchmarks.Report:
#   --quick            1 x 1 s warm-up and measurement: checks that every case runs
#   --include REGEX    only the benchmark methods matching REGEX, e.g. 'getHit|redisTierGet'
#   --markdown PATH    write the page to PATH instead of docs/benchmarks.md
# The Redis benchmarks start their own redis-server (on the PATH, or $REDIS_SERVER).
set -eu
cd "$(dirname "$0")/.."
# -am builds the provider under test rather than using an installed copy; -Dexec.executable
# only satisfies the other modules' skipped exec:exec.
exec mvn -B -q -pl benchmarks -am -DskipTests -Dexec.executable=java package exec:exec \
  -Dbenchmarks.main=dev.strata.benchmarks.Report -Djmh.args="$*"
