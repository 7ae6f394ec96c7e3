#!/usr/bin/env bash
# Library use: builds and runs dev/consumer, a Maven project outside the reactor that imports
# dev.genzoo:genzoo-bom and depends on zoo-autoencoders without versions, as a user's would. It
# loads denoising-ae:mnist and denoises one bundled MNIST test image (fails unless the MSE drops).
#
#   dev/consumer-check.sh [--install] [MAVEN_ARGS...]
#
# --install  first runs `mvn install -DskipTests` at the root; without it, the GenZoo artifacts
#            must already be in ~/.m2 (.ci/run installs them itself, right after `mvn verify`).
# MAVEN_ARGS go to the consumer's build, e.g. -o (offline: works once the plugins are in ~/.m2).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
consumer="$root/dev/consumer"

install=0
if [ "${1:-}" = "--install" ]; then
  install=1
  shift
fi

# The version being built; the BOM has no parent, so its version is written separately and must match.
version="$(sed -n '/<artifactId>genzoo-parent<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q}' "$root/pom.xml")"
bom_version="$(sed -n '/<artifactId>genzoo-bom<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q}' "$root/genzoo-bom/pom.xml")"
if [ -z "$version" ] || [ "$version" != "$bom_version" ]; then
  echo "consumer-check: genzoo-bom's version '$bom_version' differs from genzoo-parent's '$version'" >&2
  exit 1
fi

if [ "$install" = 1 ]; then
  (cd "$root" && mvn -B -ntp -q install -DskipTests)
fi

# Build; the dependency tree and the run-time class path go to target/.
(cd "$consumer" && mvn -B -ntp -q "$@" -Dgenzoo.version="$version" package \
    dependency:tree -DoutputFile=target/dependency-tree.txt \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)

# zoo-core must arrive as a plain jar in compile scope: no test-jar, nothing test-scoped from GenZoo.
tree="$consumer/target/dependency-tree.txt"
if ! grep -q "dev.genzoo:zoo-core:jar:$version:compile" "$tree" \
    || grep -Eq "dev\.genzoo:[^ ]*(test-jar|:tests:|:test$)" "$tree"; then
  echo "consumer-check: unexpected GenZoo dependencies in the consumer's tree:" >&2
  cat "$tree" >&2
  exit 1
fi
echo "GenZoo artifacts: $(grep -oE 'dev\.genzoo:[^ ]+' "$tree" | tr '\n' ' ')"
echo "ND4J natives: $(grep -oE 'nd4j-native:jar:[a-z0-9_-]+-[a-z0-9_]+:' "$tree" | cut -d: -f3 | sort -u | tr '\n' ' ')"

# Run it as an application would: a plain JVM on the resolved class path.
OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$consumer/target/classes:$(cat "$consumer/target/classpath.txt")" example.DenoiseOne
