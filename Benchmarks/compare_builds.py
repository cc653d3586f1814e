"""Two builds of the Peregrine benchmark server and raw Hummingbird, interleaved round by round.

    python3 Benchmarks/compare_builds.py BEFORE_BINARY AFTER_BINARY [--scenarios a-c64,b-c64,c] [--rounds 5]

For a change that should not cost throughput: on a noisy machine one run of bench.py swings
±15%, so each round starts every server in turn and runs each scenario on it (a warm-up, then a
timed wrk run, bench.py's settings), and the report is the median of the rounds. The binaries are
`Benchmarks/.build/release/PeregrineServer` built from the two commits; raw Hummingbird is
`Benchmarks/.build/release/HummingbirdServer`. Nothing is written; the table goes to stdout.
"""
import argparse
import statistics
import tempfile
from pathlib import Path

import bench


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--scenarios", default="a-c64,b-c64,c")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=float, default=5)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--threads", type=int, default=2)
    options = parser.parse_args()
    peregrine = lambda binary: [str(Path(binary).resolve()), "--host", bench.HOST, "--port", str(bench.PORT)]
    servers = [
        bench.Server("before", "Peregrine before", peregrine(options.before)),
        bench.Server("after", "Peregrine after", peregrine(options.after)),
        bench.Server("hummingbird", "Hummingbird (raw)", [str(bench.RELEASE / "HummingbirdServer")],
                     env={"HOST": bench.HOST, "PORT": str(bench.PORT)}),
    ]
    known = {scenario.key: scenario for scenario in bench.scenarios()}
    chosen = [known[key] for key in options.scenarios.split(",")]
    rates: dict[str, dict[str, list[float]]] = {s.key: {server.key: [] for server in servers} for s in chosen}
    for _ in range(options.rounds):
        for server in servers:
            log_path = Path(tempfile.mkdtemp(prefix="peregrine-compare-")) / "log.txt"
            process = bench.start(server, log_path)
            try:
                bench.wait_for_port(process, 60)
                for scenario in chosen:
                    with tempfile.NamedTemporaryFile() as body:
                        if scenario.body is not None:
                            body.write(scenario.body)
                            body.flush()
                        name = body.name if scenario.body is not None else None
                        bench.wrk(scenario, options.warmup, options.threads, name)
                        result = bench.wrk(scenario, options.duration, options.threads, name)
                    rates[scenario.key][server.key].append(result["requests"] / (result["duration_us"] / 1e6))
            finally:
                bench.stop(process)
    print(f"Medians of {options.rounds} interleaved rounds, wrk -t{options.threads}, {options.duration:g} s after "
          f"{options.warmup:g} s of warm-up, 64 connections unless the scenario says otherwise.\n")
    print("| Scenario | Peregrine before | Peregrine after | Hummingbird (raw) | after ÷ before | after ÷ Hummingbird |")
    print("|---|---:|---:|---:|---:|---:|")
    for scenario in chosen:
        median = {key: statistics.median(values) for key, values in rates[scenario.key].items()}
        print(f"| {scenario.key} | {median['before']:,.0f} | {median['after']:,.0f} | {median['hummingbird']:,.0f} | "
              f"{median['after'] / median['before']:.2f}× | {median['after'] / median['hummingbird']:.2f}× |")


if __name__ == "__main__":
    main()
