# Runs the example app in the background for a check script, and stops it when the script exits.
#   source "$(dirname "$0")/lib/example-server.sh"
#   start_example PATH_TO_EXAMPLE PORT [NAME=value...]    # the pairs go to its environment
# Sets example_pid and example_log, and returns once the app answers. Files listed in
# cleanup_paths are removed on exit too.
cleanup_paths=()

stop_example() {
    kill "$example_pid" 2>/dev/null || true
    wait "$example_pid" 2>/dev/null || true
    rm -rf "$example_log" "${cleanup_paths[@]}"
}

start_example() {
    local example=$1 port=$2
    shift 2
    example_log=$(mktemp)
    env "$@" "$example" --port "$port" >"$example_log" 2>&1 &
    example_pid=$!
    trap stop_example EXIT
    for _ in $(seq 1 100); do
        curl -s -o /dev/null "http://127.0.0.1:$port/openapi.json" && return 0
        sleep 0.1
    done
    echo "the example did not start on port $port:"; cat "$example_log"
    return 1
}
