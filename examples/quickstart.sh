#!/usr/bin/env bash
# Quick start: installs what is missing, builds complaints, and walks several
# complaints through their whole lifecycle in a fresh demo directory with the
# built-in policy, stores evidence files in the database, then prints
# `report summary` and `report overdue`; proves the history with `verify`,
# takes a `backup`, shows a tampered copy caught, and anonymizes a customer on
# an erasure request; exports everything and imports it into another database,
# and imports a spreadsheet's CSV; a restaurant chain's policy with authority limits
# shows a refund that needs a second person's approval; the demo month
# as the managers' HTML page (report monthly), its path printed; last, the
# same register in Chinese (LANG=zh_CN.UTF-8) and a report as a spreadsheet
# (--format xlsx).
#   bash examples/quickstart.sh [DEMO_DIR]     (default: ./demo, recreated)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/.ci/deps"
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# complaints-xlsx writes --format xlsx; translations compiles the Chinese catalogue.
cmake --build "$root/build" -j"$(nproc)" --target complaints complaints-xlsx translations >/dev/null
bin="$root/build/complaints"

demo=${1:-$PWD/demo}
rm -rf "$demo"
mkdir -p "$demo"
export COMPLAINTS_DB="$demo/complaints.db"   # a local SQLite file
unset COMPLAINTS_POLICY                       # the built-in policy
export COMPLAINTS_USER=li                     # who is recording
ago() { date -d "$1 ago" '+%Y-%m-%d %H:%M'; } # a time in the past, local zone

step() { printf '\n$ complaints %s\n' "$*"; "$bin" "$@"; }

echo "== complaints $("$bin" --version | cut -d' ' -f2), demo database $COMPLAINTS_DB"

# 1. A defective kettle, handled end to end and closed after a satisfied call back.
a=$("$bin" register --channel phone --category product --customer 'Wang Fang' \
      --contact 13800000000 --summary 'Electric kettle leaks after a week' --demand refund \
      --received-at "$(ago '6 days')")
echo "registered $a"
step assign "$a" --to zhang --department QC --at "$(ago '6 days')"
step investigate "$a" --finding 'Seal cracked; batch 42 affected' --cause 'supplier defect' \
     --substantiated yes --complete --at "$(ago '5 days')"
step resolve "$a" --plan 'Refund and replacement kettle' --outcome refund --amount 128.50 \
     --at "$(ago '4 days')"
step revisit "$a" --result satisfied --score 5 --note 'happy with the new kettle' --at "$(ago '3 days')"

# 2. A major billing complaint: the first plan does not satisfy, so it is reopened.
b=$("$bin" --as wu register --channel web --category billing --severity major \
      --customer 'Acme Trading Co.' --org 'Acme' --summary 'Charged twice for order 7781' \
      --order 7781 --received-at "$(ago '5 days')")
echo "registered $b"
step assign "$b" --to chen --department Finance --at "$(ago '5 days')"
step resolve "$b" --plan 'Explain the pending authorisation' --outcome explanation --at "$(ago '4 days')"
step revisit "$b" --result unsatisfied --score 2 --note 'money still missing' --at "$(ago '3 days')"
step investigate "$b" --finding 'Second charge was captured, not just authorised' --at "$(ago '2 days')"

# 3. The same customer calls again about the same order: a possible duplicate
#    (a warning names the first complaint), refused as "one matter, one record".
e=$("$bin" register --channel phone --category billing --customer 'Acme Trading Co.' \
      --summary 'Double charge, order 7781 again' --order 7781 --received-at "$(ago '4 days')")
echo "registered $e"
step reject "$e" --reason duplicate --of "$b" --at "$(ago '4 days')"

# 4. A repair waiting for a spare part: on hold, its clocks stop; resumed when
#    the part arrives, every open deadline moves later by the working time held.
f=$("$bin" register --channel visit --category service --customer 'Sun Li' --contact 13900000000 \
      --summary 'Fridge stopped cooling' --demand repair --received-at "$(ago '7 days')")
echo "registered $f"
step contact "$f" --note 'Told her a technician will come' --at "$(ago '7 days')"
step assign "$f" --to zhang --at "$(ago '7 days')"
step hold "$f" --reason waiting_parts --note 'compressor ordered' --at "$(ago '6 days')"
step resume "$f" --note 'compressor arrived' --at "$(ago '1 days')"
# The customer is a hospital kitchen: raising the severity escalates it and
# recomputes its deadlines.
step edit "$f" --severity major --reason 'hospital kitchen: food safety'

# 5. A delivery complaint nobody has picked up yet (overdue), and a fresh inquiry.
c=$("$bin" register --channel email --category delivery --customer '李雷' \
      --summary '快递八天未送达' --received-at "$(ago '8 days')")
echo "registered $c"
d=$("$bin" register --channel phone --kind inquiry --category service --customer 'Zhao Min' \
      --summary 'Opening hours at the Pudong store?')
echo "registered $d"

# 6. Evidence: the order record and the customer's photo are stored inside
#    the database (name, size, media type, SHA-256, who and when), and come
#    back out byte for byte, their hash checked on the way.
printf 'order 7781\n2026-11-15 charge 299.00\n2026-11-15 charge 299.00\n' > "$demo/order-7781.txt"
# A 1x1 PNG, as a phone would send it (libmagic reads its type from the bytes).
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82' > "$demo/statement.png"
step attach "$b" "$demo/order-7781.txt" "$demo/statement.png" --note 'sent by the customer'
step evidence "$b"
step evidence "$b" --extract "$demo/extracted"

step show "$b"
step show "$f"
step list
step report summary --by category
echo
echo '$ complaints report overdue'
"$bin" report overdue

# 7. Proof and privacy: every event is in a hash chain. verify checks it (and
#    that each complaint is what its events say), backup takes a verified
#    copy while others may write, and a row changed behind the tool's back is
#    named. An erasure request masks the customer's personal data; statistics
#    and the chain are unchanged.
step verify
step backup "$demo/backup.db"
cp "$demo/backup.db" "$demo/tampered.db"
sqlite3 "$demo/tampered.db" "DROP TRIGGER event_no_update;
  UPDATE event SET actor = 'mallory' WHERE seq = (SELECT min(seq) FROM event WHERE type = 'assign')"
echo
echo '$ complaints --db tampered.db verify   # the assign event was edited with sqlite3: exit 65'
"$bin" --db "$demo/tampered.db" verify || echo "(exit $?)"
step anonymize "$e" --reason 'erasure request by the customer'
step show "$e"
step verify

# 8. Moving data: every complaint with its whole history goes out as JSON
#    Lines and into another database (a new site, or the head office) with
#    the same numbers and histories, and it verifies there. A spreadsheet from
#    an older system comes in as CSV, each row registered as `register` would;
#    its rows carry a ref, so importing it again changes nothing.
step export -o "$demo/all.jsonl"
echo "$(wc -l < "$demo/all.jsonl") complaints in $demo/all.jsonl, one per line"
step --db "$demo/head-office.db" import "$demo/all.jsonl"
step --db "$demo/head-office.db" verify
{
  echo 'received_at,channel,category,customer_name,customer_contact,summary,description,ref'
  echo "$(ago '20 days'),phone,product,陈静,13700001111,冰箱门封条脱落,\"购买两周后脱落, 已发照片\",OLD-0001"
  echo "$(ago '18 days'),email,delivery,\"Zhou, Ltd.\",zhou@example.com,Pallet arrived damaged,,OLD-0002"
} > "$demo/old-system.csv"
step import "$demo/old-system.csv"
step import "$demo/old-system.csv"
echo
echo '$ complaints --format csv export --status registered | cut -d, -f1-5'
"$bin" --format csv export --status registered | cut -d, -f1-5

# 9. Authority and four eyes, with examples/policies/restaurant.toml: a shift
#    manager (agent, up to 200.00) proposes a 680.00 refund; it waits for the
#    store manager (supervisor, up to 2000.00), who approves it.
rdemo="$demo/restaurant"
mkdir -p "$rdemo"
cp "$root/examples/policies/restaurant.toml" "$rdemo/complaints.toml"
export COMPLAINTS_DB="$rdemo/complaints.db"
# Its time zone is Asia/Shanghai: give times on that clock.
ago() { TZ=Asia/Shanghai date -d "$1 ago" '+%Y-%m-%d %H:%M'; }
echo
echo "== a restaurant chain: $rdemo/complaints.toml (roles, [authority], requires_approval)"
echo '$ complaints policy check | sed -n '"'"'/^authority/,$p'"'"
"$bin" policy check 2>/dev/null | sed -n '/^authority/,$p'
r=$("$bin" --as zhao register --channel onsite --category dish --customer '周先生' \
      --summary '包间宴席菜品不新鲜' --demand '退还宴席费用' --received-at "$(ago '3 hours')")
echo "registered $r"
step --as zhao assign "$r" --to zhao --at "$(ago '3 hours')"
step --as zhao investigate "$r" --finding '海鲜拼盘不新鲜，厨房确认' --substantiated yes --complete \
     --at "$(ago '2 hours')"
step --as zhao resolve "$r" --plan '退还海鲜拼盘及包间服务费' --outcome refund --amount 680.00 \
     --at "$(ago '2 hours')"
echo '$ complaints --as zhao approve '"$r"'   # a shift manager does not approve: exit 77'
"$bin" --as zhao approve "$r" || echo "(exit $?)"
echo '$ complaints --as audit attach '"$r"' order-7781.txt   # a viewer reads, never changes: exit 77'
"$bin" --as audit attach "$r" "$demo/order-7781.txt" || echo "(exit $?)"
step --as sun approve "$r" --note '核实无误，同意退款'
step show "$r"

# 10. For managers: the month as one page (report monthly): the figures beside
#     the month before, a 12-month chart, categories, sites and causes with
#     bars, what was still overdue at the month's end, the chain head. One
#     self-contained HTML file: open it in any browser, print it to PDF.
page="$demo/monthly-report.html"
month=$(TZ=Asia/Shanghai date +%Y-%m)
echo
echo "== the month as a page for managers"
step --db "$demo/complaints.db" report monthly --month "$month" -o "$page"
echo "open it in a browser: $page"

# 11. In Chinese, and as a spreadsheet: with LANG=zh_CN.UTF-8 messages, help,
#     table headers and status names are Chinese (JSON and CSV are not: scripts
#     read them); the restaurant chain's labels are its policy's own. gettext
#     needs the locale: when the system lacks it (`locale -a`), the demo makes
#     one in its directory with localedef and points LOCPATH at it. Then the
#     summary by category as an .xlsx workbook, for Excel or WPS.
echo
echo "== in Chinese, and as a spreadsheet"
if locale -a 2>/dev/null | grep -qiE '^zh_CN\.utf-?8$'; then
  zh=(env LANG=zh_CN.UTF-8)
else
  mkdir -p "$demo/locale"
  localedef -i zh_CN -f UTF-8 "$demo/locale/zh_CN.UTF-8" 2>/dev/null ||
    echo "(localedef could not make zh_CN.UTF-8: what follows stays English)"
  zh=(env LOCPATH="$demo/locale" LANG=zh_CN.UTF-8)
fi
export COMPLAINTS_DB="$demo/complaints.db"
echo '$ LANG=zh_CN.UTF-8 complaints list'
"${zh[@]}" "$bin" list
echo
echo "\$ LANG=zh_CN.UTF-8 complaints --db restaurant/complaints.db show $r | head -12"
"${zh[@]}" "$bin" --db "$rdemo/complaints.db" show "$r" | head -12
echo
echo '$ LANG=zh_CN.UTF-8 complaints assign '"$a"'   # the same errors, in Chinese: exit 64'
"${zh[@]}" "$bin" assign "$a" || echo "(exit $?)"
echo '$ LANG=zh_CN.UTF-8 complaints report monthly --month '"$month"' -o monthly-report-zh.html'
"${zh[@]}" "$bin" report monthly --month "$month" -o "$demo/monthly-report-zh.html"
echo "the managers' page in Chinese: $demo/monthly-report-zh.html"
step --format xlsx report summary --by category -o "$demo/summary.xlsx"
echo "open it in Excel, WPS or LibreOffice: $demo/summary.xlsx"
