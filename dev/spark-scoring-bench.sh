#!/usr/bin/env bash
# Throughput of scoring with zoo-spark against one JVM (dev.genzoo.spark.bench.ScoringBench).
# usage: dev/spark-scoring-bench.sh MASTER MODEL COPIES PARTITIONS
#   e.g. dev/spark-scoring-bench.sh 'local[2]' autoencoder:mnist 5 4
#        dev/spark-scoring-bench.sh cluster conv-ae:mnist 5 4   (a standalone master and two 1-core workers
#                                                                started here from the Maven jars)
# Run on a quiet machine; builds zoo-spark's test classes first.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests install -pl zoo-spark -am >&2
mvn -q -B test-compile dependency:build-classpath -pl zoo-spark -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt >&2
cp="$(realpath -m zoo-spark/target/test-classes):$(realpath -m zoo-spark/target/classes):$(cat zoo-spark/target/bench-classpath.txt)"
opens=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done
export OMP_NUM_THREADS=1
master=$1; shift
pids=()
cleanup() { for p in "${pids[@]}"; do pkill -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done; rm -rf "${home:-}"; }
trap cleanup EXIT
extra=()
if [ "$master" = cluster ]; then
  home=$(mktemp -d); mkdir -p "$home/jars" "$home/conf"
  export SPARK_HOME=$home SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  java -Xmx384m $opens -cp "$cp" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
      --webui-port 0 > "$home/master.log" 2>&1 & pids+=($!)
  for i in 0 1; do
    java -Xmx384m $opens -cp "$cp" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 3g \
        --work-dir "$home/w$i" --webui-port 0 "spark://127.0.0.1:$port" > "$home/worker$i.log" 2>&1 & pids+=($!)
  done
  for _ in $(seq 120); do [ "$(grep -c 'Registering worker' "$home/master.log" || true)" -ge 2 ] && break; sleep 0.5; done
  master="spark://127.0.0.1:$port"
  extra=("$cp")
fi
java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=3G -Dgenzoo.spark.opens="$opens" $opens -cp "$cp" \
    dev.genzoo.spark.bench.ScoringBench "$master" "$@" "${extra[@]}" 2>&1 | grep -E "SUMMARY|Exception|Error" || true
