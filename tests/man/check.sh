#!/usr/bin/env bash
# The man pages (SPEC §15): usage: check.sh MANDIR BINARY
#
# MANDIR holds the generated complaints.1 and complaints.toml.5 (cmake/ManPages.cmake),
# BINARY is the complaints program whose --help they document. Checks that
#   - each page renders with man(1) without a warning from groff;
#   - complaints(1) documents every global option of `BINARY --help` (a term of
#     GLOBAL OPTIONS), every command of `BINARY --help` and every subcommand of
#     `BINARY report --help` and `BINARY policy --help` (a subsection named after
#     it, holding its synopsis `complaints COMMAND`), and every option of each
#     command's own --help (a term of that subsection);
#   - complaints.toml(5) documents every table and key of the built-in policy
#     (`BINARY policy show`).
# So a command or option added without documenting it fails here, by name.
# Exit 0 when all is well, 1 with one line per problem, 77 (skipped) without man.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 MANDIR BINARY" >&2
    exit 2
fi
mandir=$1
binary=$2

if ! command -v man >/dev/null 2>&1 || ! command -v groff >/dev/null 2>&1; then
    echo "skipped: man and groff are needed to render the pages"
    exit 77
fi

failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The program's help in English, whatever the caller's locale; its database and
# policy never those of the caller.
help() {
    env -u COMPLAINTS_DB -u COMPLAINTS_POLICY LC_ALL=C LANG=C LANGUAGE= \
        "$binary" --db "$tmp/none/complaints.db" "$@"
}

# render PAGE OUT: the page as plain text in OUT; groff's warnings in OUT.err.
render() {
    env -u MANOPT -u MANROFFOPT -u MAN_KEEP_FORMATTING \
        MANWIDTH=80 LC_ALL=C.UTF-8 MANPAGER=cat PAGER=cat \
        man --warnings -E UTF-8 -l "$1" 2>"$2.err" | sed 's/.\x08//g' >"$2"
    return "${PIPESTATUS[0]}"
}

# The names listed under HEADING: in a --help text (two spaces, a name).
listed() { # HEADING < help
    awk -v heading="$1:" '
        $0 == heading { inside = 1; next }
        inside && /^$/ { inside = 0 }
        inside && /^  [a-z]/ { print $1 }'
}

# The long options of a --help text ("  -o,--output FILE": --output), but --help.
options() { # < help
    awk '/^Options:$/ { inside = 1; next }
         inside && /^[^ ]/ { inside = 0 }
         inside && /^  -/ {
             if (match($0, /--[a-z0-9][a-z0-9-]*/)) {
                 name = substr($0, RSTART, RLENGTH)
                 if (name != "--help") print name
             }
         }'
}

# The text of a section (SH, column 0) or subsection (SS, column 3) of a page.
section() { # NAME FILE
    awk -v name="$1" '
        found && (/^[^ ]/ || /^   [^ ]/) { exit }
        found { print }
        $0 == name || $0 == "   " name { found = 1 }' "$2"
}

# --- each page renders without warnings -------------------------------------------
for page in complaints.1 complaints.toml.5; do
    if [ ! -s "$mandir/$page" ]; then
        fail "$mandir/$page is missing or empty (build the target man)"
        continue
    fi
    if ! render "$mandir/$page" "$tmp/$page.txt"; then
        fail "man -l $mandir/$page failed: $(head -c 2000 "$tmp/$page.txt.err")"
    elif [ -s "$tmp/$page.txt.err" ]; then
        fail "man -l $mandir/$page warns:"
        sed 's/^/    /' "$tmp/$page.txt.err"
    fi
    if [ "$(grep -c . "$tmp/$page.txt" 2>/dev/null)" -lt 20 ]; then
        fail "$page renders to almost nothing"
    fi
done

page1=$tmp/complaints.1.txt
page5=$tmp/complaints.toml.5.txt
commands_checked=0
keys_checked=0

# check_command NAME... : the subsection "NAME..." of complaints(1), its synopsis
# line and a term for each of its options; then, for a command with subcommands
# (report, policy), each subcommand likewise.
check_command() {
    local name="$*" help_text option sub
    if ! help_text=$(help "$@" --help); then
        fail "$binary $name --help failed"
        return
    fi
    commands_checked=$((commands_checked + 1))
    if ! grep -qxF "   $name" "$page1"; then
        fail "complaints.1: command '$name' is not documented (no subsection '$name' in COMMANDS)"
    else
        section "$name" "$page1" >"$tmp/command"
        grep -Eq "^       complaints $name( |\$)" "$tmp/command" ||
            fail "complaints.1: command '$name' has no synopsis line 'complaints $name ...'"
        for option in $(options <<<"$help_text"); do
            grep -Eq -- "^       (-[a-zA-Z], )?$option( |\$)" "$tmp/command" ||
                fail "complaints.1: option $option of '$name' is not documented"
        done
    fi
    for sub in $(listed Subcommands <<<"$help_text"); do
        check_command "$@" "$sub"
    done
}

# complaints(1): the global options, the commands and their options.
check_commands() {
    local help_text global option command
    if ! help_text=$(help --help); then
        fail "$binary --help failed"
        return
    fi
    section "GLOBAL OPTIONS" "$page1" >"$tmp/global"
    global=$(options <<<"$help_text")
    [ -n "$global" ] || fail "no options found in $binary --help"
    # "-h, --help" is a term of GLOBAL OPTIONS too.
    for option in $global --help; do
        grep -Eq -- "^       (-[a-zA-Z], )?$option( |\$)" "$tmp/global" ||
            fail "complaints.1: global option $option is not documented in GLOBAL OPTIONS"
    done
    local commands
    commands=$(listed Subcommands <<<"$help_text")
    [ -n "$commands" ] || fail "no subcommands found in $binary --help"
    for command in $commands; do
        check_command "$command"
    done
}

# complaints.toml(5): a subsection per table and a term per key of the built-in
# policy as `policy show` prints it.
check_policy_keys() {
    local policy tables keys table key
    if ! policy=$(help policy show); then
        fail "$binary policy show failed"
        return
    fi
    tables=$(sed -nE 's/^\[([a-z_]+)[].].*/\1/p' <<<"$policy" | sort -u)
    keys=$(sed -nE 's/^([a-z_]+) = .*/\1/p' <<<"$policy" | sort -u)
    [ -n "$tables" ] && [ -n "$keys" ] || fail "no tables or keys found in $binary policy show"
    for table in $tables; do
        keys_checked=$((keys_checked + 1))
        grep -Eq "^   (.*, )?\[$table[].]" "$page5" ||
            fail "complaints.toml.5: table [$table] has no subsection"
    done
    for key in $keys; do
        keys_checked=$((keys_checked + 1))
        grep -Eq "^       ([a-z_]+, )*$key(, [a-z_]+)* = " "$page5" ||
            fail "complaints.toml.5: key '$key' is not documented"
    done
}

[ -s "$page1" ] && check_commands
[ -s "$page5" ] && check_policy_keys

if [ "$failures" -ne 0 ]; then
    echo "$failures problem(s) in the man pages in $mandir (sources: docs/man/*.scd)"
    exit 1
fi
echo "ok: complaints.1 and complaints.toml.5 render without warnings; $commands_checked" \
    "commands and subcommands with their options, $keys_checked tables and keys documented"
