#!/usr/bin/env bash
# A real Neo4j 5 server for tests, built from Maven Central.
#   neo4j.sh build       resolve into ~/.m2, compile, write target/classpath.txt
#   neo4j.sh run PORT    start it: Bolt on 127.0.0.1:PORT, auth disabled;
#                        prints "NEO4J_READY bolt://127.0.0.1:PORT" when ready,
#                        stops on SIGTERM or when stdin closes (add --ignore-stdin
#                        to keep it running with stdin at /dev/null);
#                        NEO4J_PAGECACHE_MB (default 64) and NEO4J_HEAP (default
#                        1g) size it for benchmarks
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/java-17-openjdk-amd64 ]]; then
    export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

stamp=target/.built
up_to_date() {
    # Rebuild when the pom or a source is newer than the last good build, or
    # when a jar has gone from ~/.m2 (a new machine that kept the work tree).
    [[ -f $stamp && -f target/classpath.txt ]] || return 1
    [[ -z "$(find pom.xml src -newer "$stamp" -print -quit)" ]] || return 1
    local jar
    while IFS= read -r -d: jar || [[ -n $jar ]]; do
        [[ -f $jar ]] || return 1
    done < target/classpath.txt
}

case "${1:-}" in
build)
    if up_to_date; then exit 0; fi
    # Test processes may build at the same time; one builds, the others wait.
    mkdir -p target
    exec 9>target/.build.lock
    flock 9
    if up_to_date; then exit 0; fi
    # -q keeps a cold build's ~240 downloads quiet; Maven 3.8 still prints stray
    # colour resets (even with -B), so strip them from CI logs.
    mvn -B -q -Dstyle.color=never compile 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d'
    touch "$stamp"
    ;;
run)
    [[ $# -ge 2 ]] || { echo "usage: $0 run PORT [--ignore-stdin]" >&2; exit 2; }
    up_to_date || { echo "neo4j.sh: not built; run '$0 build' first" >&2; exit 1; }
    shift
    # -XX:+ExitOnOutOfMemoryError: a broken server should die, not hang the tests.
    exec "$java" -Xms256m -Xmx"${NEO4J_HEAP:-1g}" -XX:+ExitOnOutOfMemoryError \
        -Dneo4j.plugins="$here/target/plugins" -Dneo4j.pagecache.mb="${NEO4J_PAGECACHE_MB:-64}" \
        -cp "target/classes:$(cat target/classpath.txt)" \
        fi.alueverkko.ci.Launcher "$@"
    ;;
*)
    echo "usage: $0 build | run PORT [--ignore-stdin]" >&2
    exit 2
    ;;
esac
