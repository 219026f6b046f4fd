#!/usr/bin/env bash
# Installs what simserve needs on a fresh Debian/Ubuntu machine, only where it is missing:
# GSL (libgsl-dev) and pkg-config. Swift itself must already be on PATH.
set -euo pipefail

if ! command -v swift >/dev/null 2>&1; then
    echo "error: 'swift' is not on PATH; install Swift 6 (https://swift.org/install) first." >&2
    exit 1
fi

if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists gsl; then
    exit 0
fi

echo "setup: installing libgsl-dev and pkg-config" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "error: libgsl-dev and pkg-config are missing and this user cannot install them (no root, no sudo)." >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libgsl-dev pkg-config >/dev/null
pkg-config --exists gsl || { echo "error: GSL still not found by pkg-config after installing." >&2; exit 1; }
