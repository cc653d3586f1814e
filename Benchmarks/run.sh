#!/usr/bin/env bash
# The whole benchmark in one command: installs wrk and valgrind (Debian) and FastAPI's fastest
# configuration (PyPI, into Benchmarks/.venv-bench), builds the Swift servers in release mode,
# then runs bench.py, which writes BENCHMARKS.md, Benchmarks/results/latest.json and the README's
# headline ratios. Options go to bench.py (`Benchmarks/run.sh --help`).
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v valgrind >/dev/null || missing+=(valgrind)
if ((${#missing[@]})); then
    if [ "$(id -u)" -eq 0 ]; then apt_get=(apt-get); else apt_get=(sudo apt-get); fi
    "${apt_get[@]}" update -qq
    DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq "${missing[@]}"
fi

[ -x .venv-bench/bin/python ] || python3 -m venv .venv-bench
.venv-bench/bin/pip install --quiet --disable-pip-version-check -r requirements.txt

swift build -c release

exec python3 bench.py "$@"
