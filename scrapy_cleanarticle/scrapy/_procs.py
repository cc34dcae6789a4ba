"""What the pool needs to know about its worker processes, read from the OS, not from
``multiprocessing``: with forkserver, ``Process`` learns everything through the server, and once
the server is dead it reports exit code 255 for workers that may still be running.

Linux ``/proc`` gives CPU time and zombie state; elsewhere those answers are None/unknown and
the pool falls back to wall time.
"""

from __future__ import annotations

import os
import signal
import time


def describe_exit(code: int | None) -> str:
    """An exit code in words; a negative one is the signal that ended the process."""
    if code is None:
        return "exit status unknown"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exited with code {code}"


def proc_stat(pid: int) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name (state first); None without /proc."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            raw = fh.read()
    except OSError:
        return None
    return raw[raw.rfind(b")") + 2:].decode("ascii", "replace").split()


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time of ``pid`` (Linux /proc); None where that cannot be read."""
    fields = None if pid is None else proc_stat(pid)
    if not fields or len(fields) < 13:
        return None
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def gone(pid: int) -> bool:
    """Whether ``pid`` has exited (a zombie waiting for its parent counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    fields = proc_stat(pid)
    return fields is not None and fields[0] in ("Z", "X")


def wait_gone(pid: int | None, timeout: float) -> bool:
    if pid is None:
        return True
    deadline = time.monotonic() + timeout
    while not gone(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)
    return True


def forkserver_pid() -> int | None:
    """The running forkserver's pid (None with another start method). multiprocessing keeps it
    private; it is read only to tell a dead server's stand-in exit code from a real one."""
    from multiprocessing import forkserver

    pid = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)
    return pid if isinstance(pid, int) else None


__all__ = ["cpu_seconds", "describe_exit", "forkserver_pid", "gone", "proc_stat", "wait_gone"]
