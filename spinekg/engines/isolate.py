"""Run a piece of work where a time limit can stop it: in a child process that is killed.

A thread cannot be stopped, and neither Oxigraph nor rdflib can cancel a running query
(oxigraph/oxigraph#1926), so free SPARQL runs in a forked child: it inherits the loaded graph (no
reloading; forking costs a few milliseconds), sends its answer back through a pipe, and is killed
with SIGKILL the moment its time is up. Nothing of it runs or holds memory afterwards. The child
also gets an address-space limit (memory beyond what it inherited), a CPU-time limit, and dies
with its parent (``PR_SET_PDEATHSIG``), so even a parent killed mid-query leaves no work behind.

Where ``os.fork`` does not exist (Windows) the work runs in the calling process, without a limit.
"""

from __future__ import annotations

import faulthandler
import gc
import math
import os
import pickle
import select
import signal
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any, TypeVar, cast

from spinekg.errors import InvalidLimitError, QueryFailedError, QueryLimitError, QueryRefusedError, QueryTimeoutError

T = TypeVar("T")

#: The longest time limit (a week): beyond it, the platform's clocks overflow.
MAX_TIMEOUT = 7 * 24 * 3600.0
#: Memory a child may take beyond what it inherited, in bytes.
DEFAULT_MAX_MEMORY = 2 * 1024**3
_CHUNK = 1 << 20


def check_timeout(seconds: object) -> float:
    """``seconds`` as a positive, finite number of seconds, else :class:`InvalidLimitError`."""
    try:
        value = float(seconds)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidLimitError(f"a time limit is a number of seconds, not {seconds!r}") from None
    if isinstance(seconds, bool) or not math.isfinite(value) or value <= 0:
        raise InvalidLimitError(f"a time limit must be a positive number of seconds, not {seconds!r}")
    if value > MAX_TIMEOUT:
        raise InvalidLimitError(f"a time limit is at most {MAX_TIMEOUT:,.0f} seconds (a week), not {seconds!r}")
    return value


def run(fn: Callable[[], T], *, timeout: float, max_memory: int | None = DEFAULT_MAX_MEMORY, network: bool = True) -> T:
    """``fn()`` run in a forked child, killed after ``timeout`` seconds.

    Without ``network`` the child is moved into a network namespace of its own, with no interface
    (Linux; as root, or where unprivileged user namespaces are allowed): a connection it tries,
    whatever asked for it, fails with "Network is unreachable".

    Returns what ``fn`` returned (it must pickle), or raises what it raised. Raises
    :class:`~spinekg.errors.QueryTimeoutError` when the time is up (the child is killed first),
    :class:`~spinekg.errors.QueryLimitError` when the child ran out of ``max_memory``.
    """
    timeout = check_timeout(timeout)
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        return fn()
    _prepare()
    parent = os.getpid()
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12+ warns when forking with threads running (RocksDB's idle pool under a cached
        # store): the child only reads the store and calls no code that takes their locks
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: never returns
        gc.disable()  # a collection would touch every object, copying the parent's memory page by page
        faulthandler.disable()  # an engine that aborts (memory, stack) is the parent's to report, in words
        os.close(read_end)
        _child(fn, write_end, timeout, max_memory, parent, network)
    os.close(write_end)
    try:
        data = _collect(read_end, pid, time.monotonic() + timeout, timeout)
    finally:
        os.close(read_end)
        _reap(pid)
    status, value = pickle.loads(data)
    if status == "ok":
        return cast("T", value)
    raise value


def _collect(fd: int, pid: int, deadline: float, timeout: float) -> bytes:
    chunks: list[bytes] = []
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLHUP)
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            _kill(pid)
            raise QueryTimeoutError(f"the query ran past its time limit of {timeout:g} s and was stopped")
        if not poller.poll(remaining * 1000):
            continue
        chunk = os.read(fd, _CHUNK)
        if not chunk:
            break
        chunks.append(chunk)
    if chunks:
        return b"".join(chunks)
    # the child died without an answer: a signal (memory, CPU time, a crash in the engine)
    _, status = os.waitpid(pid, 0)
    _reaped.add(pid)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig in (signal.SIGXCPU, signal.SIGKILL):
            raise QueryTimeoutError(f"the query ran past its time limit of {timeout:g} s and was stopped")
        name = signal.Signals(sig).name
        raise QueryLimitError(
            f"the engine stopped while running the query ({name}): it ran out of its memory limit, or the query nests too deeply; simplify it or add LIMIT"
        )
    raise QueryFailedError(f"the engine stopped while running the query (exit code {os.WEXITSTATUS(status)})")


_reaped: set[int] = set()


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:  # pragma: no cover - already gone
        pass


def _reap(pid: int) -> None:
    if pid in _reaped:
        _reaped.discard(pid)
        return
    _kill(pid)  # a child still running here is past its time or its parent gave up (Ctrl-C)
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:  # pragma: no cover
        pass


def _child(fn: Callable[[], Any], fd: int, timeout: float, max_memory: int | None, parent: int, network: bool) -> None:  # pragma: no cover - runs in the child
    code = 0
    try:
        _limit_self(timeout, max_memory, parent)
        if not network:
            _leave_network()
        try:
            outcome: tuple[str, Any] = ("ok", fn())
        except MemoryError:
            outcome = ("err", QueryLimitError("the query ran out of its memory limit; add LIMIT or simplify it"))
        except RecursionError:
            outcome = ("err", QueryRefusedError("the query nests too deeply for the engine; simplify it"))
        except BaseException as err:  # noqa: BLE001 - every failure goes back to the parent
            outcome = ("err", _portable(err))
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as err:  # noqa: BLE001
            data = pickle.dumps(("err", QueryFailedError(f"the answer could not be sent back ({type(err).__name__}: {err})")))
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.close(fd)
    except BaseException:  # noqa: BLE001
        code = 70
    finally:
        os._exit(code)


def _portable(err: BaseException) -> BaseException:
    """``err`` if it survives pickling, else a :class:`QueryFailedError` with its message."""
    try:
        pickle.loads(pickle.dumps(err))
    except Exception:  # noqa: BLE001
        return QueryFailedError(f"{type(err).__name__}: {err}")
    return err


_LIBC: Any = None


def _prepare() -> None:
    """Load, in the parent and once, what the child needs (importing in every child costs time)."""
    global _LIBC
    import resource  # noqa: F401 - imported for the child

    if _LIBC is None and sys.platform.startswith("linux"):
        try:
            import ctypes

            _LIBC = ctypes.CDLL(None, use_errno=True)
        except OSError:  # pragma: no cover
            _LIBC = False


def _limit_self(timeout: float, max_memory: int | None, parent: int) -> None:  # pragma: no cover - runs in the child
    import resource

    if _LIBC:
        try:
            _LIBC.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the parent
        except (OSError, AttributeError):
            pass
        if os.getppid() != parent:  # the parent went before the signal was armed
            os._exit(0)
    cpu = math.ceil(timeout) + 2
    limits = [(resource.RLIMIT_CPU, (cpu, cpu + 1))]
    if max_memory is not None:
        limits.append((resource.RLIMIT_AS, (_address_space() + max_memory, resource.RLIM_INFINITY)))
    for which, value in limits:
        try:
            resource.setrlimit(which, value)
        except (ValueError, OSError):
            pass  # a lower hard limit set from outside stays in force
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # the engine's own messages (an allocation failure) are the parent's to word
    os.close(devnull)


_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000


def _leave_network() -> None:  # pragma: no cover - runs in the child
    """A network namespace of our own, with not even a loopback interface up (best effort)."""
    if _LIBC:
        for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET):
            if _LIBC.unshare(flags) == 0:
                return


def _address_space() -> int:  # pragma: no cover - runs in the child
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
