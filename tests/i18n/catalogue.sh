#!/usr/bin/env bash
# Fails unless every catalogue in po/ translates every string of the sources
# that goes through tr, trf, trn or N_ (include/complaints/domain/translate.hpp),
# none of them fuzzy, each translation with the same fmt placeholders ({},
# {:>3}, ...) as its English text: a missing placeholder would drop a value,
# an extra one would make the translation unusable (the English is printed
# then).
# Usage: catalogue.sh SOURCE_DIR XGETTEXT [XGETTEXT OPTIONS...]
set -euo pipefail
root=$1
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash "$root/tests/i18n/extract.sh" "$root" "$work/complaints.pot" "$@"
count=$(grep -c '^msgid "' "$work/complaints.pot" || true)
if [ "$count" -lt 100 ]; then
  echo "catalogue: only $count strings extracted from the sources: is tr() used?" >&2
  exit 1
fi
status=0
for po in "$root"/po/*.po; do
  # Every string of the sources, translated and not fuzzy.
  if ! msgcmp "$po" "$work/complaints.pot" 2>"$work/msgcmp"; then
    echo "catalogue: $(basename "$po") lacks translations (run 'cmake --build build --target pot', then translate):" >&2
    grep -v '^msgcmp: found' "$work/msgcmp" | head -40 >&2
    status=1
  fi
  # The same placeholders in each translation as in its English text.
  cat >"$work/check" <<'CHECK'
placeholders() { grep -o '{[^{}]*}' | LC_ALL=C sort; }
# trn's two English forms have the same placeholders; Chinese has one form.
english=${MSGEXEC_MSGID_PLURAL:-$MSGEXEC_MSGID}
translated=$(cat)
[ -z "$translated" ] && exit 0
if [ "$(printf '%s' "$english" | placeholders)" != "$(printf '%s' "$translated" | placeholders)" ]; then
  printf '%s: placeholders differ:\n  %s\n  %s\n' "$MSGEXEC_LOCATION" "$english" "$translated"
fi
CHECK
  msgexec -i "$po" bash "$work/check" >"$work/placeholders" || true
  if [ -s "$work/placeholders" ]; then
    echo "catalogue: $(basename "$po"):" >&2
    cat "$work/placeholders" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "catalogue: $count strings, every one translated in $(ls "$root"/po/*.po | wc -l) catalogue(s)"
exit $status
