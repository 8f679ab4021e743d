"""Parse an uploaded file in a child process with a CPU-time and memory budget.

The checks in `safety.py` refuse the hostile files we know of before any parser runs;
this bounds the ones we do not. The parse runs in a child process whose CPU time
(`RLIMIT_CPU`) and address space (`RLIMIT_AS`, the parent's size plus the budget) are
capped by the kernel, so no upload can hold a web or Celery worker for more than a few
seconds or grow it by more than the budget: the child is killed, the worker goes on, and
the person reads why.
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
from collections.abc import Callable
from functools import cache
from multiprocessing.connection import Connection
from types import FrameType
from typing import Any, cast

from resumes.importers import parse_inventory_file
from resumes.importers.errors import ImportFailed
from resumes.tailoring.inventory import Inventory

CPU_SECONDS = 5
MEMORY_MB = 200
# Wall time the parent waits beyond the CPU budget: a child blocked on nothing but the
# scheduler of a busy machine.
GRACE_SECONDS = 10


def parse_bounded(
    filename: str, data: bytes, format: str | None = None, **limits: Any
) -> Inventory:
    """`run_bounded`'s parse, or ImportFailed for a file that is unusable, too slow or too
    large to read. `limits` are run_bounded's keyword arguments."""
    kind, value, _ = run_bounded(filename, data, format, **limits)
    if kind == "inventory":
        return cast(Inventory, value)
    if kind == "slow":
        raise ImportFailed(_too_slow(limits.get("cpu_seconds", CPU_SECONDS)))
    if kind == "memory":
        raise ImportFailed(_too_large(limits.get("memory_mb", MEMORY_MB)))
    raise ImportFailed(cast(str, value))


def run_bounded(
    filename: str,
    data: bytes,
    format: str | None = None,
    *,
    owner_name: str = "",
    cpu_seconds: int = CPU_SECONDS,
    memory_mb: int = MEMORY_MB,
    parser: Callable[..., Inventory] = parse_inventory_file,
) -> tuple[str, object, int]:
    """`parser` (`parse_inventory_file`) in a child held to `cpu_seconds` and `memory_mb`:
    (outcome, inventory or message, the child's peak memory in KB), the outcome one of
    "inventory", "failed" (the parser's ImportFailed), "slow" or "memory"."""
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_parse_in_child,
        args=(sender, parser, filename, data, format, owner_name, cpu_seconds, memory_mb),
        daemon=True,
    )
    child.start()
    sender.close()
    try:
        if not receiver.poll(cpu_seconds + GRACE_SECONDS):
            return "slow", "", 0
        reply: tuple[str, object, int] = receiver.recv()
        return reply
    except EOFError:  # the child died without a word: the kernel killed it
        child.join(GRACE_SECONDS)
        return ("slow" if child.exitcode == -signal.SIGKILL else "memory"), "", 0
    finally:
        if child.is_alive():
            child.kill()
        child.join(GRACE_SECONDS)
        receiver.close()


class _OutOfTime(Exception):
    """The kernel's SIGXCPU: the child used its CPU budget."""


def _out_of_time(signum: int, frame: FrameType | None) -> None:
    raise _OutOfTime


@cache
def _context() -> multiprocessing.context.ForkServerContext:
    """Children forked from a fork server: a small single-threaded process that has loaded
    the parsers once, so each parse starts in milliseconds, and no lock held by another
    thread of a web or Celery worker is copied into the child half-taken."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["resumes.importers", "resumes.importers.docx_resume"])
    return context


def _parse_in_child(
    sender: Connection,
    parser: Callable[..., Inventory],
    filename: str,
    data: bytes,
    format: str | None,
    owner_name: str,
    cpu_seconds: int,
    memory_mb: int,
) -> None:
    # The soft limit sends SIGXCPU, turned into an exception here; the hard one, a second
    # later, kills a child that swallowed it.
    signal.signal(signal.SIGXCPU, _out_of_time)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    grown = _address_space() + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (grown, grown))
    try:
        reply: tuple[str, Inventory | str] = (
            "inventory",
            parser(filename, data, format, owner_name=owner_name),
        )
    except ImportFailed as error:
        reply = ("failed", str(error))
    except _OutOfTime:
        reply = ("slow", "")
    except MemoryError:
        reply = ("memory", "")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        sender.send((*reply, peak_kb))
    finally:
        sender.close()


def _address_space() -> int:
    """This process's virtual size in bytes, as the kernel counts it for RLIMIT_AS."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[0])
    return pages * resource.getpagesize()


def _too_slow(seconds: int) -> str:
    return (
        f"the file took more than {seconds} s of work to read; a CV never does. Save it "
        "again from your editor (or paste its text) and try again"
    )


def _too_large(megabytes: int) -> str:
    return (
        f"reading the file needed more than {megabytes} MB of memory; a CV never does. "
        "Save it again from your editor (or paste its text) and try again"
    )
