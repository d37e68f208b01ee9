"""What the benchmarks report about the machine they ran on (imported after Django is set up)."""

import os
import platform
from pathlib import Path


def _first(path: str, prefix: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def machine() -> dict[str, str]:
    from django import get_version
    from django.db import connection

    cpu = _first("/proc/cpuinfo", "model name") or platform.processor() or "unknown"
    mem_kib = _first("/proc/meminfo", "MemTotal")
    memory = f"{int(mem_kib.split()[0]) / 1024 / 1024:.1f} GiB" if mem_kib else "unknown"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "CPU": cpu,
        "Cores": str(os.cpu_count()),
        "Memory": memory,
        "Load average at start (1, 5, 15 min)": load,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Django": get_version(),
        "PostgreSQL": postgres,
    }
