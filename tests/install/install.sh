#!/usr/bin/env bash
# Test of `cmake --install` (SPEC §14, §15): into a fresh prefix, every file
# the build made goes where it belongs (the binary, its two helper builds in
# libexec/complaints, the catalogue under share/locale, the man pages, the
# completion scripts), and the installed binary finds them there rather than
# in the build tree: it hands --format xlsx over to the installed
# complaints-xlsx, and speaks Chinese from the installed catalogue.
#
# Usage: bash tests/install/install.sh BUILD_DIR [LOCPATH]
#   LOCPATH: the directory holding the zh_CN.UTF-8 locale (the build's
#   test-locales); without that locale, the Chinese case is left out, and
#   says so.
# Exit status 0 when every case passes, 1 when one fails (each says which).
set -u

[[ $# -ge 1 && -d $1 ]] || { echo "usage: install.sh BUILD_DIR [LOCPATH]" >&2; exit 2; }
build=$(cd "$1" && pwd)
locpath=
if [[ $# -ge 2 ]]; then
    if [[ -d $2/zh_CN.UTF-8 ]]; then
        locpath=$(cd "$2" && pwd)
    else
        echo "the Chinese case is left out: no zh_CN.UTF-8 locale in '$2' (no localedef)"
    fi
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
unset COMPLAINTS_DB COMPLAINTS_POLICY COMPLAINTS_USER COMPLAINTS_NOW COMPLAINTS_LOCALEDIR
unset LANGUAGE LC_ALL LC_MESSAGES
export LANG=C HOME=$tmp

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

if ! cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log" >&2
    echo "FAIL: cmake --install" >&2
    exit 1
fi

# The directories GNUInstallDirs chose for this build.
dir_of() {
    sed -n "s/^CMAKE_INSTALL_$1:[A-Z]*=//p" "$build/CMakeCache.txt"
}
libexec=$(dir_of LIBEXECDIR)
datadir=$(dir_of DATAROOTDIR)
mandir=$(dir_of MANDIR)
localedir=$(dir_of LOCALEDIR)
: "${libexec:=libexec}" "${datadir:=share}" "${mandir:=$datadir/man}" "${localedir:=$datadir/locale}"

expect_file() {
    [[ -f $prefix/$1 ]] || fail "not installed: $1"
}
expect_executable() {
    [[ -x $prefix/$1 ]] || fail "not installed as a program: $1"
}

expect_executable bin/complaints
expect_executable "$libexec/complaints/complaints-xlsx"
expect_executable "$libexec/complaints/complaints-postgresql"
expect_file "$datadir/bash-completion/completions/complaints"
expect_file "$datadir/zsh/site-functions/_complaints"
expect_file "$datadir/fish/vendor_completions.d/complaints.fish"
# What the build made when its tools were there (scdoc, msgfmt).
[[ -f $build/man/complaints.1 ]] && expect_file "$mandir/man1/complaints.1"
[[ -f $build/man/complaints.toml.5 ]] && expect_file "$mandir/man5/complaints.toml.5"
catalogue=$build/locale/zh_CN/LC_MESSAGES/complaints.mo
[[ -f $catalogue ]] && expect_file "$localedir/zh_CN/LC_MESSAGES/complaints.mo"

# The installed binary, run from elsewhere, away from the build tree.
bin=$prefix/bin/complaints
cd "$tmp" || exit 2
db=$tmp/register.db
"$bin" --db "$db" init >/dev/null 2>&1 || fail "init with the installed binary"
"$bin" --db "$db" --as li register --channel phone --category product \
    --customer 'Wang Fang' --summary 'Kettle leaks' >/dev/null 2>&1 || fail "register"

# --format xlsx: handed over to libexec/complaints/complaints-xlsx.
if "$bin" --db "$db" --format xlsx list -o "$tmp/list.xlsx" 2>"$tmp/err"; then
    [[ $(head -c 2 "$tmp/list.xlsx") == PK ]] || fail "list -o list.xlsx is not a workbook"
else
    fail "--format xlsx with the installed binary: $(cat "$tmp/err")"
fi

# Chinese from share/locale: the build tree's catalogue is out of reach,
# since the installed binary looks beside itself.
if [[ -f $catalogue && -n $locpath ]]; then
    out=$(LANG=zh_CN.UTF-8 LOCPATH=$locpath "$bin" --db "$db" show NO-SUCH 2>&1)
    status=$?
    [[ $status -eq 66 ]] || fail "show of an unknown complaint: exit $status, not 66"
    [[ $out == *"错误"* ]] || fail "not in Chinese with the installed catalogue: $out"
    help=$(LANG=zh_CN.UTF-8 LOCPATH=$locpath "$bin" --help)
    [[ $help == *"用法："* ]] || fail "--help is not in Chinese with the installed catalogue"
    # Without the installed catalogue, the same run is English: what spoke
    # Chinese was the prefix's (unless the configured prefix has one too).
    configured=$(sed -n 's/^CMAKE_INSTALL_PREFIX:[A-Z]*=//p' "$build/CMakeCache.txt")
    if [[ ! -f $configured/$localedir/zh_CN/LC_MESSAGES/complaints.mo ]]; then
        rm "$prefix/$localedir/zh_CN/LC_MESSAGES/complaints.mo"
        out=$(LANG=zh_CN.UTF-8 LOCPATH=$locpath "$bin" --db "$db" show NO-SUCH 2>&1)
        [[ $out == "complaints: error: no complaint 'NO-SUCH'"* ]] ||
            fail "without the installed catalogue, not English: $out"
    fi
fi

if ((failures > 0)); then
    echo "$failures case(s) failed" >&2
    exit 1
fi
echo "install: every case passed"
