"""What the machine offers a pool of worker processes: CPUs and memory."""

from __future__ import annotations

import os

__all__ = ["default_workers", "memory_per_worker_mb"]


def default_workers() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def memory_per_worker_mb(workers: int, most: int = 4096) -> int:
    """Half the machine's memory shared out over `workers`, between 1 GB and `most`."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1024 * 1024)
    except (ValueError, OSError):
        return most
    return max(1024, min(most, total // 2 // max(workers, 1)))
