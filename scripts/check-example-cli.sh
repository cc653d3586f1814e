#!/usr/bin/env bash
# Checks the example executable's command line: the default address 127.0.0.1:8000, --host and
# --port, HOST and PORT, and a graceful stop (exit status 0) on SIGINT and SIGTERM.
#   scripts/check-example-cli.sh PATH_TO_EXAMPLE
set -euo pipefail
example=$1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
failures=0

# start ADDRESS ENV... -- ARGS...: starts the example, waits until ADDRESS answers.
start() {
    local address=$1; shift
    local env=()
    while [ "$1" != "--" ]; do env+=("$1"); shift; done
    shift
    env "${env[@]}" "$example" "$@" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do
        if curl -s -o /dev/null "http://$address/users/me"; then return 0; fi
        sleep 0.1
    done
    echo "FAIL: the example did not answer on $address"; cat "$log"; kill "$pid" 2>/dev/null || true
    failures=$((failures + 1))
    return 1
}

# stop SIGNAL: sends SIGNAL and expects a graceful exit with status 0.
stop() {
    kill "-$1" "$pid"
    local status=0
    wait "$pid" || status=$?
    if [ "$status" -ne 0 ]; then
        echo "FAIL: after SIG$1 the example exited with status $status"; cat "$log"
        failures=$((failures + 1))
    elif ! grep -q "Server started" "$log"; then
        echo "FAIL: the example's log does not show it started"; cat "$log"
        failures=$((failures + 1))
    fi
}

expect_body() {
    local url=$1 expected=$2 body
    body=$(curl -s "$url")
    if [ "$body" != "$expected" ]; then
        echo "FAIL: $url answered $body, expected $expected"
        failures=$((failures + 1))
    fi
}

if start 127.0.0.1:8000 -u HOST -u PORT --; then
    expect_body http://127.0.0.1:8000/users/alice '{"user_id":"alice"}'
    stop INT
fi
if start 127.0.0.1:8765 -u HOST -u PORT -- --host 127.0.0.1 --port 8765; then
    expect_body http://127.0.0.1:8765/users/me '{"user_id":"the current user"}'
    stop TERM
fi
if start 127.0.0.1:8766 HOST=127.0.0.1 PORT=8766 --; then
    stop TERM
fi
if "$example" --port notaport >"$log" 2>&1; then
    echo "FAIL: an invalid --port was accepted"; failures=$((failures + 1))
elif ! grep -q "port" "$log"; then
    echo "FAIL: an invalid --port was refused without saying why"; cat "$log"; failures=$((failures + 1))
fi
if [ "$failures" -ne 0 ]; then
    echo "$failures example command-line check(s) failed"
    exit 1
fi
echo "example command line: default address, --host/--port, HOST/PORT, SIGINT and SIGTERM all fine"
