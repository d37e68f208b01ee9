#!/usr/bin/env python
"""Run every benchmark in this folder (`make bench`) with its default options."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["directory.py", "activities.py", "brreg_import.py", "arenas_breakouts.py"]


def main() -> int:
    worst = 0
    for name in BENCHMARKS:
        print(f"== {name}", file=sys.stderr)
        completed = subprocess.run([sys.executable, str(HERE / name)], check=False)  # noqa: S603
        worst = max(worst, completed.returncode)
    return worst


if __name__ == "__main__":
    sys.exit(main())
