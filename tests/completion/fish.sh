#!/usr/bin/env bash
# Test of the fish completion (completion/complaints.fish) through fish's own
# `complete -C LINE`, which prints what a TAB at the end of LINE offers, on a
# database made here with the binary given. (bash.sh has the full list of
# cases: this checks what the fish script adds, the file fallback and the
# `--option=value` form.)
#
# Usage: bash tests/completion/fish.sh FISH BINARY
# Exit status 0 when every case passes, 1 when one fails (each says which).
set -u

[[ $# -eq 2 && -x $2 ]] || { echo "usage: fish.sh FISH BINARY" >&2; exit 2; }
fish=$1
bin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
script=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/completion/complaints.fish
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
mkdir bin && ln -s "$bin" bin/complaints
export PATH="$tmp/bin:$PATH" HOME="$tmp" XDG_CONFIG_HOME="$tmp/config"
unset COMPLAINTS_DB COMPLAINTS_POLICY COMPLAINTS_USER COMPLAINTS_NOW

complaints --db reg.db init >/dev/null 2>&1 || { echo "setup: init failed" >&2; exit 2; }
register() {
    complaints --db reg.db register --channel phone --category product \
        --customer "Customer $1" --summary "Kettle $1 leaks" --contact "1380000000$1" 2>/dev/null
}
open=$(register 1) && gone=$(register 2) && complaints --db reg.db withdraw "$gone" >/dev/null 2>&1 ||
    { echo "setup: register or withdraw failed" >&2; exit 2; }

failures=0
# expect LINE EXPECTED...: a TAB after LINE offers exactly EXPECTED (sorted).
expect() {
    local line=$1 got want
    shift
    got=$("$fish" --no-config -c 'source $argv[1]; complete -C $argv[2]' "$script" "$line" 2>&1 |
        cut -f1 | sort)
    want=$(printf '%s\n' "$@" | sed '/^$/d' | sort)
    [[ $got == "$want" ]] || {
        echo "FAIL: '$line<TAB>': expected [$(echo $want)], got [$(echo $got)]" >&2
        failures=$((failures + 1))
    }
}

expect "complaints sh" show
expect "complaints --db reg.db show " "$open"
expect "complaints register --category=pr" --category=product
expect "complaints --format " csv json text xlsx
expect "complaints policy check comp" complaints.toml
expect "complaints --db=comp" --db=complaints.toml
expect "complaints list --to " ""

if ((failures)); then
    echo "$failures case(s) failed" >&2
    exit 1
fi
echo "all fish completion cases passed"
