#!/usr/bin/env bash
# `report monthly` in a real headless browser (SPEC §15): the page renders
# (a screenshot on a desktop and on a phone that is not blank), the DOM has
# the chart and the tables, and nothing is requested from the network.
#   bash tests/browser/monthly.sh BINARY
# Installs nothing: CI's .ci/deps installs chromium. Exit 77 (skipped) when
# /usr/bin/chromium is missing.
set -euo pipefail
bin=${1:?usage: monthly.sh BINARY}
chromium=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x $chromium ]]; then
    echo "skipped: $chromium is not installed (.ci/deps installs it)"
    exit 77
fi
command -v python3 >/dev/null || { echo "skipped: no python3"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

export COMPLAINTS_DB=$work/complaints.db COMPLAINTS_USER=tester TZ=UTC NO_COLOR=1
export COMPLAINTS_NOW='2026-12-02 10:00'
cat >"$work/complaints.toml" <<'EOF'
[organization]
name = "示例餐饮 <测试>"
timezone = "Asia/Shanghai"
[category.dish]
label = "菜品质量"
[category.money]
label = "收费结算"
[site.xujiahui]
label = "徐家汇店"
[site.jingan]
label = "静安店"
EOF

reg() { # RECEIVED CATEGORY SITE SUMMARY
    "$bin" register --channel phone --category "$2" --site "$3" --customer '王芳' \
        --summary "$4" --received-at "$1"
}
a=$(reg '2026-10-08 12:00' dish xujiahui '汤里有头发')
reg '2026-10-20 19:00' money jingan 'Charged twice' >/dev/null
b=$(reg '2026-11-03 12:30' dish jingan '菜品过咸')
reg '2026-11-12 18:00' money xujiahui '发票金额错误 <b>&' >/dev/null
reg '2026-11-28 20:00' dish xujiahui 'Cold soup' >/dev/null
"$bin" assign "$a" --to zhang --at '2026-10-08 13:00' >/dev/null
"$bin" resolve "$a" --plan 'refund' --outcome refund --amount 88 --at '2026-10-09 12:00' >/dev/null
"$bin" revisit "$a" --result satisfied --score 5 --at '2026-10-10 12:00' >/dev/null
"$bin" assign "$b" --to zhang --at '2026-11-03 13:00' >/dev/null
"$bin" investigate "$b" --finding 'too much salt' --cause 'kitchen error' --at '2026-11-04 10:00' \
    >/dev/null
"$bin" resolve "$b" --plan 'free dish' --outcome refund --amount 36.50 --at '2026-11-05 10:00' \
    >/dev/null

page=$work/page.html
[[ $("$bin" report monthly --month 2026-11 -o "$page") == "$page" ]] || fail "-o did not print the path"
[[ -s $page ]] || fail "no page written"

# The page itself fetches nothing and runs nothing.
for banned in 'http://' 'https://' 'src=' '@import' 'url(' '<script' '<link' '<iframe'; do
    if grep -qiF -- "$banned" "$page"; then fail "the page contains '$banned'"; fi
done

run_chromium() { # ARGS...: headless, no network, a fresh profile
    local profile
    profile=$(mktemp -d "$work/profile.XXXXXX")
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-default-apps --disable-extensions --no-default-browser-check \
        --host-resolver-rules='MAP * ~NOTFOUND' --user-data-dir="$profile" "$@"
}

# The DOM as the browser built it: the chart with its bars and the tables.
run_chromium --dump-dom "file://$page" >"$work/dom.html" 2>"$work/dom.log" ||
    { cat "$work/dom.log" >&2; fail "chromium --dump-dom failed"; }
python3 - "$work/dom.html" <<'EOF' || fail "the DOM lacks the chart or the tables"
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
def need(cond, what):
    if not cond:
        sys.exit(f"missing: {what}")
need(len(re.findall(r'<svg class="chart"', dom)) == 1, "the trend chart")
need(len(re.findall(r'<rect class="bar (received|closed)"', dom)) == 24, "24 bars")
need(dom.count("<table") >= 5, "the figures, category, site, cause and overdue tables")
need(dom.count('<svg class="rowbar"') >= 4, "the bars of the group tables")
need("菜品质量" in dom and "徐家汇店" in dom, "the policy's CJK labels")
need("示例餐饮 &lt;测试&gt;" in dom, "the organisation, escaped")
need("发票金额错误 &lt;b&gt;&amp;" in dom, "the overdue milestones, escaped")
need(re.search(r'<p class="hash">[0-9a-f]{64}</p>', dom), "the chain head")
need("<script" not in dom, "no script")
EOF

# Screenshots, desktop and phone: written, and not blank. The log at
# verbosity 1 names the URLs the browser asks for.
check_png() { # FILE MIN_WIDTH
    python3 - "$1" "$2" <<'EOF'
import struct, sys, zlib
path, min_width = sys.argv[1], int(sys.argv[2])
data = open(path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"{path}: not a PNG")
pos, idat, width, height, colour, depth = 8, b"", 0, 0, 0, 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
if width < min_width or height < 100:
    sys.exit(f"{path}: {width}x{height}")
raw = zlib.decompress(idat)
channels = {2: 3, 6: 4}.get(colour)
if depth != 8 or channels is None:
    sys.exit(f"{path}: unexpected PNG format (depth {depth}, colour type {colour})")
stride = width * channels + 1
# Unfilter enough to count colours: distinct raw rows and bytes are a
# cheap proxy; a blank page compresses to one repeated row.
rows = {raw[i * stride + 1:(i + 1) * stride] for i in range(height)}
values = set(raw[1::97])
if len(rows) < 50 or len(values) < 20:
    sys.exit(f"{path}: looks blank ({len(rows)} distinct rows, {len(values)} byte values)")
print(f"{path}: {width}x{height}, {len(rows)} distinct rows")
EOF
}
for size in 1200,2000 390,2000; do
    shot=$work/shot-${size%%,*}.png
    run_chromium --window-size="$size" --hide-scrollbars --enable-logging=stderr --v=1 \
        --screenshot="$shot" "file://$page" >"$work/shot.log" 2>&1 ||
        { tail -20 "$work/shot.log" >&2; fail "chromium --screenshot failed ($size)"; }
    [[ -s $shot ]] || fail "no screenshot ($size)"
    check_png "$shot" "${size%%,*}" || fail "the screenshot at $size is blank"
    # Any http(s) or ws URL in the log but those of Chromium's own background
    # services (clock, updates, sign-in: not the page's; --host-resolver-rules
    # makes them fail) is a network request the page made.
    urls=$(grep -Eo '(https?|wss?)://[^ "]+' "$work/shot.log" |
        grep -Ev '^[a-z]+://([a-z0-9.-]+\.)?(google\.com|googleapis\.com|gstatic\.com)(:[0-9]+)?/' |
        sort -u || true)
    [[ -z $urls ]] || { echo "$urls" | head >&2; fail "the page requested something ($size)"; }
done
echo "ok: the monthly page renders (desktop and phone) and requests nothing"
