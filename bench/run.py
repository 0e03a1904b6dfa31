"""NeedleWise benchmarks: each prints its own time next to a floor measured in the same run.

    python bench/run.py                  # everything (several minutes)
    python bench/run.py --quick          # small sizes
    python bench/run.py --smoke          # the smallest sizes, to see that it all still works
    python bench/run.py --only check,items

Nothing here is a pass/fail test: machines are shared and noisy, so results are ratios
against a floor that suffers the same noise.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NEEDLEWISE_BCRYPT_ROUNDS", "4")
os.environ.setdefault("NEEDLEWISE_LOGIN_SLEEP_TIME", "0")

from bench import clicks, scenarios  # noqa: E402

BENCHMARKS: dict[str, Callable[[bool, Path], list[scenarios.Result]]] = {
    "check": scenarios.check_many_files,
    "submit": scenarios.submission,
    "items": scenarios.item_analysis,
    "quiz_page": scenarios.quiz_page,
    "cohort_page": scenarios.cohort_page,
    "cold_start": scenarios.cold_start,
    "memory": scenarios.server_memory,
    "clicks": clicks.clicks,
}


def machine() -> str:
    cpus = os.cpu_count()
    memory = ""
    try:
        total = next(
            line
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f", {int(total.split()[1]) / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    return (
        f"{platform.processor() or platform.machine()}, {cpus} CPUs{memory}, "
        f"Python {platform.python_version()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument(
        "--smoke", action="store_true", help="the smallest sizes: does everything still run?"
    )
    parser.add_argument("--only", default="", help=f"comma-separated: {', '.join(BENCHMARKS)}")
    args = parser.parse_args()
    chosen = [n for n in args.only.split(",") if n] or list(BENCHMARKS)
    unknown = set(chosen) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    scenarios.SMOKE = args.smoke
    size = "smoke" if args.smoke else "quick" if args.quick else "full"
    print(f"# NeedleWise benchmarks on {machine()} ({size})")
    print(f"{'benchmark':<58} {'measured':>12} {'floor':>12} {'ratio':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for name in chosen:
            started = time.perf_counter()
            for result in BENCHMARKS[name](args.quick, Path(folder)):
                print(result.line(), flush=True)
            print(f"  ({name} took {time.perf_counter() - started:.0f} s)", flush=True)
    return 0


def median(samples: list[float]) -> float:
    return statistics.median(samples)


if __name__ == "__main__":
    sys.exit(main())
