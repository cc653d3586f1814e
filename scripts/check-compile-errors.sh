#!/usr/bin/env bash
# Checks that declaration mistakes the type checker catches (not the macros themselves) are
# compile errors with the words we chose: each file in Tests/CompileErrors is type-checked
# against the debug build and must fail with every `// expect-error: <text>` line it holds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/.build/debug"
flags=(-typecheck -I "$build/Modules" -load-plugin-executable "$build/PeregrineMacros-tool#PeregrineMacros")
# C targets' module maps, of the target build (the `-tool` copies are the host build's).
for map in "$build"/*.build/module.modulemap "$build"/*.build/include/module.modulemap "$root"/.build/checkouts/*/Sources/*/include/module.modulemap; do
    case "$map" in *-tool.build/*) continue ;; esac
    flags+=(-Xcc "-fmodule-map-file=$map")
done
failed=0
for file in "$root"/Tests/CompileErrors/*.swift; do
    output=$(swiftc "${flags[@]}" "$file" 2>&1 || true)
    while IFS= read -r expected; do
        if ! grep -qF -- "$expected" <<<"$output"; then
            echo "FAIL $(basename "$file"): no error containing: $expected"
            echo "$output" | grep "error:" | head -5
            failed=1
        fi
    done < <(sed -n 's|^// expect-error: ||p' "$file")
    [ "$failed" = 0 ] && echo "ok   $(basename "$file")"
done
exit "$failed"
