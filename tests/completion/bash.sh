#!/usr/bin/env bash
# Test of the bash completion (completion/complaints.bash) as a TAB would
# drive it: in a fresh non-interactive bash, COMP_WORDS, COMP_CWORD,
# COMP_LINE and COMP_POINT are set, _complaints is called, and COMPREPLY is
# checked; once with the script alone, once after the bash-completion package
# (its _filedir) when it is installed. The database and policy are made here,
# in a temporary directory, with the binary given.
#
# Usage: bash tests/completion/bash.sh BINARY
# Exit status 0 when every case passes, 1 when one fails (each says which).
set -u

[[ $# -eq 1 && -x $1 ]] || { echo "usage: bash.sh BINARY (an executable complaints)" >&2; exit 2; }
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
script=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/completion/complaints.bash
package=/usr/share/bash-completion/bash_completion
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
# The binary under test first in PATH, under the name the scripts call.
mkdir bin && ln -s "$bin" bin/complaints
export PATH="$tmp/bin:$PATH" HOME="$tmp"
unset COMPLAINTS_DB COMPLAINTS_POLICY COMPLAINTS_USER COMPLAINTS_NOW

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# A register whose policy has people, with two open complaints and a withdrawn one.
complaints --db reg.db init >/dev/null 2>&1 || { echo "setup: init failed" >&2; exit 2; }
cat >>complaints.toml <<'EOF'

[people.zhang]
name = "Zhang Wei"
role = "supervisor"

[people.li]
name = "Li Na"
EOF
register() {
    complaints --db reg.db --as zhang register --channel phone --category product \
        --customer "Customer $1" --summary "Kettle $1 leaks" --contact "1380000000$1" 2>/dev/null
}
open1=$(register 1) && open2=$(register 2) && gone=$(register 3) &&
    complaints --db reg.db --as zhang withdraw "$gone" >/dev/null 2>&1 ||
    { echo "setup: register or withdraw failed" >&2; exit 2; }
categories=$(sed -n 's/^\[category\.\(.*\)\]$/\1/p' complaints.toml | sort)
[[ -n $categories ]] || { echo "setup: no [category.*] in the starter policy" >&2; exit 2; }

mode=plain # or bash-completion: the package loaded first

# offer WORD...: what bash offers for the last word (typed after `complaints`),
# sorted, one per line; its standard error in $tmp/stderr.
offer() {
    local preload=
    [[ $mode == bash-completion ]] && preload=$package
    bash --norc --noprofile -c '
        [[ -n $1 ]] && source "$1"
        source "$2"
        shift 2
        COMP_WORDS=(complaints "$@")
        COMP_CWORD=$#
        COMP_LINE="${COMP_WORDS[*]}"
        COMP_POINT=${#COMP_LINE}
        _complaints
        printf "%s\n" "${COMPREPLY[@]}"' offer "$preload" "$script" "$@" 2>"$tmp/stderr" |
        sed '/^$/d' | sort
}

# expect NAME EXPECTED GOT: the same lines (both sorted).
expect() {
    [[ $2 == "$3" ]] || fail "$mode: $1: expected [$(echo $2)], got [$(echo $3)]"
}
# expect_has NAME GOT LINE...: each LINE is offered.
expect_has() {
    local name=$1 got=$2 line
    shift 2
    for line; do grep -qxF -- "$line" <<<"$got" || fail "$mode: $name: '$line' not offered (got [$(echo $got)])"; done
}
# expect_not NAME GOT LINE...: no LINE is offered.
expect_not() {
    local name=$1 got=$2 line
    shift 2
    for line; do grep -qxF -- "$line" <<<"$got" && fail "$mode: $name: '$line' offered (got [$(echo $got)])"; done
}

cases() {
    local got
    got=$(offer sh)
    expect_has "complaints sh<TAB>" "$got" show
    expect_not "complaints sh<TAB>" "$got" register

    got=$(offer "")
    expect_has "complaints <TAB>" "$got" init register show report policy
    expect_not "complaints <TAB> (hidden command)" "$got" __complete

    got=$(offer --)
    expect_has "complaints --<TAB>" "$got" --db --policy --as --format --help --version

    got=$(offer --db reg.db show "")
    expect "complaints --db reg.db show <TAB> (open numbers only)" \
        "$(printf '%s\n' "$open1" "$open2" | sort)" "$got"
    got=$(COMPLAINTS_DB=reg.db offer show "")
    expect "COMPLAINTS_DB=reg.db complaints show <TAB>" "$(printf '%s\n' "$open1" "$open2" | sort)" "$got"
    got=$(offer --db = reg.db assign "${open2:0:10}")
    expect "complaints --db=reg.db assign ${open2:0:10}<TAB>" "$(printf '%s\n' "$open1" "$open2" | sort)" "$got"
    got=$(offer --db reg.db show "$open1" "")
    expect "complaints show ID <TAB> (one ID only)" "" "$got"

    expect "complaints register --cat<TAB>" "--category" "$(offer register --cat)"
    expect "complaints register --category <TAB>" "$categories" "$(offer register --category "")"
    expect "complaints register --category=<TAB>" "$categories" "$(offer register --category =)"
    expect "complaints register --category p<TAB>" "$(grep '^p' <<<"$categories")" \
        "$(offer register --category p)"
    got=$(offer register --category product --c)
    expect_not "complaints register --category product --c<TAB> (given already)" "$got" --category
    expect_has "complaints register --category product --c<TAB>" "$got" --channel --customer

    expect "complaints assign ID --to <TAB>" "$(printf '%s\n' li zhang)" \
        "$(offer assign "$open1" --to "")"
    expect "complaints --as <TAB>" "$(printf '%s\n' li zhang)" "$(offer --as "")"
    expect "complaints --format <TAB>" "$(printf '%s\n' csv json text xlsx)" "$(offer --format "")"
    expect_has "complaints reject ID --reason <TAB>" "$(offer reject "$open1" --reason "")" \
        duplicate other
    expect "complaints report <TAB>" "$(printf '%s\n' milestones monthly overdue summary trend)" \
        "$(offer report "")"
    expect "complaints list --to <TAB> (a time: no files)" "" "$(offer list --to "")"

    got=$(offer --db re)
    expect_has "complaints --db re<TAB> (files)" "$got" reg.db
    expect_not "complaints --db re<TAB> (files)" "$got" complaints.toml
    expect "complaints policy check comp<TAB> (files)" "complaints.toml" \
        "$(offer policy check comp)"

    # Nothing is created, nothing is printed, where there is no database or policy.
    mkdir empty
    got=$(offer --db empty/none.db show "")
    expect "complaints --db empty/none.db show <TAB>" "" "$got"
    [[ -s $tmp/stderr ]] && fail "$mode: a missing database: error output: $(cat "$tmp/stderr")"
    [[ -z $(ls -A empty) ]] || fail "$mode: a missing database: created $(ls -A empty)"
    got=$(COMPLAINTS_DB=missing/none.db offer show "")
    expect "COMPLAINTS_DB=missing/none.db complaints show <TAB>" "" "$got"
    [[ -e missing ]] && fail "$mode: a missing database: created missing/"
    got=$(offer --policy nowhere.toml register --category "")
    expect "complaints --policy nowhere.toml register --category <TAB>" "" "$got"
    [[ -s $tmp/stderr ]] && fail "$mode: a missing policy: error output: $(cat "$tmp/stderr")"
    rmdir empty
}

cases
if [[ -r $package ]]; then
    mode=bash-completion
    cases
else
    echo "note: $package not found: the cases ran without the bash-completion package only"
fi

# The hidden command itself: exit 0 and silence on nonsense, absent from --help.
out=$(complaints __complete --db "$tmp/none/x.db" frobnicate --what "" 2>&1)
status=$?
[[ $status -eq 0 && -z $out ]] || fail "__complete on an unknown command: exit $status, output [$out]"
complaints --help | grep -q __complete && fail "'complaints --help' lists __complete"
complaints nosuch 2>&1 | grep -q __complete && fail "the unknown-command hint lists __complete"

if ((failures)); then
    echo "$failures case(s) failed" >&2
    exit 1
fi
echo "all completion cases passed"
