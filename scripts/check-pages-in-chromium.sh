#!/usr/bin/env bash
# Renders a page of the example app in headless Chromium: the page comes from a Mustache template,
# and its script fetches a file served by StaticFiles (the URL built by url_for), so the text
# checked below appears only if templates, url_for and static files all work in a real browser.
#   scripts/check-pages-in-chromium.sh PATH_TO_EXAMPLE [SCREENSHOT.png]
set -euo pipefail
example=$1
screenshot=${2:-}
port=8011
profile=$(mktemp -d)
source "$(dirname "$0")/lib/example-server.sh"
cleanup_paths+=("$profile")
start_example "$example" "$port"

url="http://127.0.0.1:$port/pages/items/42?note=%3Cb%3Ebold%3C/b%3E"
chrome=(chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --user-data-dir="$profile"
        --virtual-time-budget=5000)
dom=$(timeout 60 "${chrome[@]}" --dump-dom "$url" 2>/dev/null)
failures=0
for expected in '<h1>Item ID: 42</h1>' '<p id="note">&lt;b&gt;bold&lt;/b&gt;</p>' \
                '<p id="static">Static file says: Hello static</p>' '<footer>Served by Peregrine</footer>'; do
    if ! grep -qF "$expected" <<<"$dom"; then
        echo "FAIL: the rendered page lacks: $expected"
        failures=$((failures + 1))
    fi
done
if [ -n "$screenshot" ]; then
    timeout 60 "${chrome[@]}" --window-size=800,600 --screenshot="$screenshot" "$url" >/dev/null 2>&1 || true
fi
if [ "$failures" -ne 0 ]; then
    echo "the DOM Chromium rendered:"; echo "$dom"
    exit 1
fi
echo "Chromium rendered the templated page with its static file"
