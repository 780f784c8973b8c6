#!/usr/bin/env bash
# Extracts the interface's strings from the sources into a .pot file.
# Usage: extract.sh SOURCE_DIR OUTPUT.pot XGETTEXT [XGETTEXT OPTIONS...]
# The files: every C++ file under src/ and include/, in a stable order.
set -euo pipefail
root=$1 output=$2 xgettext=$3
shift 3
cd "$root"
mapfile -t files < <(find src include -name '*.cpp' -o -name '*.hpp' | LC_ALL=C sort)
"$xgettext" "$@" -o "$output" "${files[@]}"
