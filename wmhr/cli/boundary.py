"""What the error boundary (wmhr.cli.root.run) needs: any failure described in one line, and
standard streams that fail cleanly instead of with a traceback at exit."""

from __future__ import annotations

import errno
import io
import os
import sys

import typer

from wmhr.errors import ExitStatus, WmhrError

USAGE = int(ExitStatus.USAGE)
OUTPUT_ERRNOS = {errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT, errno.EFBIG, errno.EAGAIN}
INTERRUPTED = 130  # the shell's status for a command stopped by Ctrl-C (128 + SIGINT)


class Carried(Exception):
    """An exception carried out of a command unchanged, past Typer's handlers, to `describe`."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(original)
        self.original = original


def describe(exc: BaseException) -> tuple[str, int]:
    """The one line to print (empty: print nothing) and the exit status for a failure."""
    if isinstance(exc, Carried):
        exc = exc.original
    if isinstance(exc, KeyboardInterrupt | typer.Abort):
        return "", INTERRUPTED
    if isinstance(exc, WmhrError):
        return str(exc), int(exc.exit_status)
    if isinstance(exc, typer.TyperException):  # Typer's (click's) usage errors
        return _usage_message(exc), USAGE
    if isinstance(exc, UnicodeEncodeError):
        encoding = getattr(sys.stdout, "encoding", None) or exc.encoding
        return (
            f"the output has characters that the {encoding} encoding of standard output cannot "
            "show; set PYTHONIOENCODING=utf-8 (or use a UTF-8 locale) and run it again"
        ), USAGE
    if isinstance(exc, OSError):
        return _os_message(exc), USAGE
    return (
        f"internal error ({type(exc).__name__}): wmhr could not finish; run the same command "
        "with --debug to see where, and report it"
    ), USAGE


def _usage_message(exc: typer.TyperException) -> str:
    """`Invalid value for 'ID': 'abc' is not a valid integer; see `wmhr requests remove --help``."""
    if type(exc).__name__ == "NoArgsIsHelpError":  # the help was shown: nothing to add
        return ""
    message = exc.format_message().strip().rstrip(".")
    context = getattr(exc, "ctx", None)
    path = getattr(context, "command_path", None) or "wmhr"
    joint = " See" if message.endswith("?") else "; see"  # after "Did you mean 'convert'?"
    return f"{message}{joint} `{path} --help`"


def _os_message(exc: OSError) -> str:
    reason = exc.strerror or errno.errorcode.get(exc.errno or 0, "failed")
    if exc.errno == errno.EPIPE:
        return "standard output was closed before everything was written (broken pipe)"
    if exc.filename is not None:
        return f"{exc.filename}: {reason}"
    if exc.errno in OUTPUT_ERRNOS:  # what writing standard output fails with
        return f"cannot write the output ({reason})"
    return f"the system refused an operation ({reason})"


def deliver_output() -> None:
    """Flush what the command printed, so a full disk or a closed pipe is reported, not lost."""
    if sys.stdout is not None:
        sys.stdout.flush()


def settle_output() -> None:
    """After a failure: flush what was printed; if standard output cannot take it, drop it, so
    that the interpreter's own flush at exit does not add a second, Python-worded message."""
    stream = sys.stdout
    if stream is None:
        return
    try:
        stream.flush()
        return
    except (OSError, ValueError):
        pass
    raw = getattr(getattr(stream, "buffer", None), "raw", None)
    if isinstance(raw, ClosedOutput):
        raw.refusing = False
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


class ClosedOutput(io.RawIOBase):
    """Standard output when the shell closed it (`>&-`): writing fails, as it would on a
    closed descriptor, so a command that prints reports it instead of exiting 0."""

    def __init__(self) -> None:
        super().__init__()
        self.refusing = True

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        if self.refusing:
            raise OSError(errno.EBADF, "standard output is closed")
        return len(data) if isinstance(data, bytes | bytearray | memoryview) else 0


def guard_standard_streams() -> None:
    """Give a closed descriptor 0, 1 or 2 to /dev/null before anything opens a file, so the
    database or a calendar file can never land on it and receive what is printed."""
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
            continue
        except OSError:
            pass
        opened = os.open(os.devnull, os.O_RDWR)
        if opened != descriptor:
            os.dup2(opened, descriptor)
            os.close(opened)
        if descriptor == 1:
            sys.stdout = io.TextIOWrapper(io.BufferedWriter(ClosedOutput()), encoding="utf-8")
