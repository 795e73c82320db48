"""Child processes of a build, and stopping it.

``apart`` runs a function in a forked child (the page generators, loading the data: their
memory is given back when the child exits), ``run_to_end`` runs a command (MkDocs, Pagefind);
both make sure that what they started has stopped when they are left early. ``stop_on_signals``
makes SIGTERM stop the process as Ctrl+C does (KeyboardInterrupt), so that a stopped build
(a cancelled CI job, ``timeout``, the preview stopped by a test) runs its ``finally`` blocks:
its children are killed and waited for, its work folder goes, and the previous site stays.
``signals_held`` keeps a stop out of the few steps that must not be cut in two.
"""
from __future__ import annotations

import contextlib
import os
import pickle
import select
import shutil
import signal
import subprocess
import sys
import tempfile
from typing import Callable

from ..errors import BuildFailed


class Cancelled(Exception):
    """``apart``'s work was cut short because ``cancelled()`` turned true."""


SCRATCH_PATH_LIMIT = 70  # a child's temporary folder's path, at most (see apart)


def apart(func: Callable[[], object], cancelled: Callable[[], bool] | None = None):
    """``func()`` in a forked child process: its result (pickled back), or the exception it
    raised, raised here. The memory the child used, including what Python keeps after freeing
    it, is given back to the system when it exits, which a long build cannot do otherwise:
    loading the data of 300 campaigns leaves a process of about 290 MB for 60 MB of data.
    Without fork, ``func`` runs in this process.

    The child, in a process group of its own with its PDF workers, is killed (and waited for)
    whenever this is left early: a stop (Ctrl+C, or SIGTERM with ``stop_on_signals``), or
    ``cancelled()`` turning true, which raises Cancelled (the preview: a newer save makes the
    work useless). So nothing of a stopped build goes on writing after it.

    The child and the processes it starts keep their temporary files (WeasyPrint's copies of
    the fonts, about 4 MB per PDF worker; multiprocessing's folder) in a folder of its own,
    removed here once it has ended: a killed worker cannot remove its own, and a child, which
    ends without Python's clean-up, never removed multiprocessing's."""
    if not hasattr(os, "fork"):
        return func()
    sys.stdout.flush()  # or the child would write what is buffered here a second time
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = scratch = None
    chunks = []
    try:
        # a stop that came during the fork would otherwise be raised before the child's number
        # is known here, and the child would go on
        with signals_held():
            scratch = tempfile.mkdtemp(prefix="b-")
            pid = os.fork()
            if pid == 0:
                # multiprocessing's folder goes there too (a child ends without removing it), with
                # the socket of the PDF workers' server, whose path may have at most 107
                # characters: scratch + /pymp-XXXXXXXX/listener-XXXXXXXX; with a longer one the
                # temporary files stay where they were
                if len(scratch) <= SCRATCH_PATH_LIMIT:
                    os.environ["TMPDIR"] = scratch  # for the processes it starts (the PDF workers)
                    tempfile.tempdir = scratch
                child(func, read_end, write_end)  # never returns
            os.close(write_end)
            with contextlib.suppress(OSError):  # the child does it too: whichever comes first
                os.setpgid(pid, pid)
        while True:
            ready, _, _ = select.select([read_end], [], [], 0.05)
            if ready:
                chunk = os.read(read_end, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
            elif cancelled is not None and cancelled():
                raise Cancelled()
    except BaseException:  # cancelled or stopped: the child and its workers go too
        if pid:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
        raise
    finally:
        os.close(read_end)
        if pid is None:  # the fork itself failed
            os.close(write_end)
        elif pid:
            _, status = os.waitpid(pid, 0)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    if not chunks:
        raise BuildFailed(f"a child process of the build stopped without a result"
                          f" (exit status {os.waitstatus_to_exitcode(status)})")
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "error":
        raise value
    return value


def run_to_end(command: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    """``command``'s exit status and output (text), like ``subprocess.run``; when this is
    stopped meanwhile (KeyboardInterrupt), the command is killed and waited for before the stop
    goes on (``subprocess.run`` waits a quarter of a second at most): it has stopped writing
    before its folder is removed."""
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as proc:
        try:
            stdout, stderr = proc.communicate()
        except BaseException:
            proc.kill()
            proc.wait()
            raise
    return subprocess.CompletedProcess(command, proc.returncode, stdout, stderr)


# ------------------------------------------------------------------ stopping by a signal
# A stop asked for by SIGTERM (a CI job cancelled, a service manager, ``timeout``) as by Ctrl+C:
# KeyboardInterrupt in the main thread, so that every ``finally`` runs (the work folder goes,
# the children are killed) and a stopped build leaves the previous site and nothing else.
# Inside ``signals_held()`` it waits for the block's end.

_held = False
_arrived: list[int] = []
stop_signal: list[int] = []  # the signal that stopped the process, once one has


def _interrupt(signum, frame):
    stop_signal[:] = [signum]
    if _held:
        _arrived.append(signum)
        return
    raise KeyboardInterrupt()


def stop_on_signals() -> None:
    """SIGTERM and SIGINT raise KeyboardInterrupt (but inside ``signals_held``)."""
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)


@contextlib.contextmanager
def signals_held():
    """A block a stop does not cut in two (a fork and taking note of its child, swapping the
    new site in, making a temporary folder and taking note of it): a SIGINT or SIGTERM that
    comes inside it raises KeyboardInterrupt at its end. Only with ``stop_on_signals``'
    handlers; elsewhere a no-op."""
    global _held
    outer, _held = _held, True
    try:
        yield
    finally:
        _held = outer
        if not outer and _arrived:
            _arrived.clear()
            raise KeyboardInterrupt()


def child(func: Callable[[], object], read_end: int, write_end: int):
    """The forked child of ``apart``: ``func()``, its result or the exception it raised (which
    the parent raises) pickled to ``write_end``; then it exits, never returning. It is in a
    process group of its own, so that killing the group stops its PDF workers too, and takes
    signals as Python does by default (the parent's stop handling is the parent's)."""
    status = 0
    try:
        os.close(read_end)
        os.setpgid(0, 0)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            result = ("ok", func())
        except BaseException as exc:  # handed to the parent, which raises it
            result = ("error", _portable(exc))
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(result, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        status = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def _portable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling whole, otherwise a RuntimeError with its text and the
    child's traceback (an unexpected error still shows where it happened)."""
    try:
        copy = pickle.loads(pickle.dumps(exc))
        if type(copy) is type(exc) and str(copy) == str(exc):
            return exc
    except Exception:
        pass
    import traceback

    detail = "".join(traceback.format_exception(exc))
    return RuntimeError(f"{type(exc).__name__}: {exc}\n(in the page generators)\n{detail}")
