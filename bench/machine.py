"""Who ran a benchmark: the machine and date written beside every figure."""

from __future__ import annotations

import os
import platform
from datetime import date
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {cpu}, {mem_gib:.0f} GiB, Python {platform.python_version()}, {platform.system()}"


def append_section(title: str, body: str) -> None:
    """Append a dated section to BENCHMARKS.md (never rewrites earlier figures)."""
    header = f"\n## {title} ({date.today().isoformat()})\n\nMachine: {machine()}\n\n"
    with BENCHMARKS.open("a", encoding="utf-8") as fh:
        fh.write(header + body.rstrip() + "\n")
