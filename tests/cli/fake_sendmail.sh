#!/bin/sh
# A stand-in for sendmail in the end-to-end tests of `complaints remind`:
#   fake_sendmail.sh DIR [FAIL_ADDRESS] [-t -oi ...]
# stores the message on its standard input as a new file DIR/mail.XXXXXX, and
# exits 0. When FAIL_ADDRESS is given and the To: header names <FAIL_ADDRESS>,
# it reads the message, stores nothing and exits 1.
dir=$1
fail=${2:-}
tmp=$(mktemp "$dir/.incoming.XXXXXX") || exit 75
cat > "$tmp" || exit 74
if [ -n "$fail" ] && sed '/^$/q' "$tmp" | grep -q "^To:.*<$fail>"; then
    rm -f "$tmp"
    echo "fake_sendmail: refusing mail to $fail" >&2
    exit 1
fi
mv "$tmp" "$(mktemp "$dir/mail.XXXXXX")"
