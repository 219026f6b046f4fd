#!/usr/bin/env bash
# Installs what simserve needs on a fresh Debian/Ubuntu machine, only where it is missing:
# GSL (libgsl-dev) and pkg-config. Swift itself must already be on PATH.
# With --notebooks, also the notebooks' Python packages (Notebooks/requirements.txt, pinned)
# in a virtual environment .venv/ at the repository root (python3 and python3-venv from apt
# when missing). Works as root, or as a user with sudo for the apt part.
set -euo pipefail
cd "$(dirname "$0")/.."

notebooks=false
for arg in "$@"; do
    case "$arg" in
        --notebooks) notebooks=true ;;
        *) echo "usage: scripts/setup.sh [--notebooks]" >&2; exit 2 ;;
    esac
done

apt_install() {
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
            echo "error: $* missing and this user cannot install them (no root, no sudo)." >&2
            exit 1
        fi
    fi
    echo "setup: installing $*" >&2
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "$@" >/dev/null
}

if ! command -v swift >/dev/null 2>&1; then
    echo "error: 'swift' is not on PATH; install Swift 6 (https://swift.org/install) first." >&2
    exit 1
fi

if ! { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists gsl; }; then
    apt_install libgsl-dev pkg-config
    pkg-config --exists gsl || { echo "error: GSL still not found by pkg-config after installing." >&2; exit 1; }
fi

$notebooks || exit 0

# --- the notebooks' Python environment -------------------------------------------------------
VENV=.venv
REQ=Notebooks/requirements.txt
python_ok() { command -v python3 >/dev/null 2>&1 && python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }

if ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then   # missing, or left half-made
    if ! python_ok; then
        apt_install python3 python3-venv
        python_ok || { echo "error: the notebooks need Python >= 3.11 with the venv module; python3 is $(python3 --version 2>&1)." >&2; exit 1; }
    fi
    echo "setup: creating $VENV (Python virtual environment for the notebooks)" >&2
    rm -rf "$VENV"
    if ! python3 -m venv "$VENV"; then    # Debian: ensurepip comes with python3-venv
        rm -rf "$VENV"
        apt_install python3-venv
        python3 -m venv "$VENV"
    fi
fi

# Reinstall only when requirements.txt changed since the last successful install.
want=$(sha256sum "$REQ" | cut -d' ' -f1)
have=$(cat "$VENV/.requirements.sha256" 2>/dev/null || true)
if [ "$want" != "$have" ]; then
    echo "setup: installing the notebooks' Python packages ($REQ) into $VENV" >&2
    "$VENV/bin/python" -m pip install --disable-pip-version-check --quiet -r "$REQ"
    echo "$want" > "$VENV/.requirements.sha256"
fi
