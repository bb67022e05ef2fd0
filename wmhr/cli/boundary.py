"""The one error boundary: every run goes through `BoundaryGroup.main`, which turns any failure
into one `wmhr: error:` line and an exit status (errors.ExitStatus), whether a shell or a test runs
the command. Per-run state (`RunState`, --debug) lives on the Click context, never in a global."""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer._click.core import Context, Parameter  # Typer vendors Click; pinned in pyproject
from typer.core import TyperGroup, TyperOption

from wmhr.controls import printable
from wmhr.errors import ExitStatus, WmhrError

USAGE = int(ExitStatus.USAGE)
OUTPUT_ERRNOS = {errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT, errno.EFBIG, errno.EAGAIN}
INTERRUPTED = int(ExitStatus.INTERRUPTED)
DEBUG_HELP = "Show a traceback when a command fails (before or after the command's name)."
MESSAGE_ENDS = 600  # characters kept at each end of a message that quotes a huge input


class RunState:
    """What one run of wmhr knows besides its arguments: the context's `obj`."""

    def __init__(self) -> None:
        self.debug = False


def _debug_requested(ctx: Context, _param: Parameter, value: bool) -> None:
    state = ctx.find_object(RunState)
    if value and state is not None:
        state.debug = True


def debug_option() -> TyperOption:
    """--debug, on the group (`wmhr --debug sessions`) and on each command (`wmhr sessions
    --debug`)."""
    return TyperOption(
        param_decls=["--debug"],
        is_flag=True,
        default=False,
        expose_value=False,
        is_eager=True,
        callback=_debug_requested,
        help=DEBUG_HELP,
    )


class BoundaryGroup(TyperGroup):
    """The `wmhr` group, whose `main` is the one place a failure is reported."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(debug_option())

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> int:
        arguments = sys.argv[1:] if args is None else list(args)
        name = prog_name or self.name or "wmhr"
        self._main_shell_completion(extra, name, complete_var)  # exits when a shell asks
        extra.pop("windows_expand_args", None)
        status = self.run(arguments, name, RunState(), extra)
        if standalone_mode:
            sys.exit(status)
        return status

    def run(self, args: list[str], prog_name: str, state: RunState, extra: dict[str, Any]) -> int:
        """The exit status of running `args`, after reporting any failure in one line: Click's
        usage errors (which standalone Click prints as a box of lines), WmhrError, a failed
        write, and anything unforeseen (a traceback only with --debug)."""
        try:
            try:
                with self.make_context(prog_name, args, obj=state, **extra) as ctx:
                    self.invoke(ctx)
                status = int(ExitStatus.OK)
            except typer.Exit as done:  # typer.Exit, --help, --version
                status = done.exit_code
            deliver_output()  # a full disk or a closed stdout is a failure, not a quiet exit 0
            return status
        except Exception as exc:
            if state.debug and not isinstance(exc, typer.TyperException):
                show_traceback(exc)
            message, status = describe(exc)
        except KeyboardInterrupt:
            message, status = "", INTERRUPTED
        if message:
            report(message)
        settle_output()
        return status


def show_traceback(exc: BaseException) -> None:
    """--debug: where it failed, on stderr before the one line (escaped like every message)."""
    import traceback

    for line in "".join(traceback.format_exception(exc)).splitlines():
        typer.echo(printable(line), err=True)


def describe(exc: BaseException) -> tuple[str, int]:
    """The one line to print (empty: print nothing) and the exit status for a failure."""
    if isinstance(exc, KeyboardInterrupt | EOFError | typer.Abort):
        return "", INTERRUPTED
    if isinstance(exc, WmhrError):
        return str(exc), int(exc.exit_status)
    if isinstance(exc, typer.TyperException):  # usage errors
        return _usage_message(exc), USAGE
    if isinstance(exc, UnicodeEncodeError):
        encoding = getattr(sys.stdout, "encoding", None) or exc.encoding
        return (
            f"the output has characters that the {encoding} encoding of standard output cannot "
            "show; set PYTHONIOENCODING=utf-8 (or use a UTF-8 locale) and run it again"
        ), USAGE
    if isinstance(exc, OSError):
        return _os_message(exc), USAGE
    # Its kind, never its text: an unforeseen message may quote a contact or a note.
    return (
        f"internal error ({type(exc).__name__}): this is a bug in wmhr, not in what you gave it; "
        "please report it with the command you ran and what the same command prints with --debug"
    ), int(ExitStatus.INTERNAL)


def say(line: str) -> None:
    """One line on stderr, `wmhr: ...`, with any control character escaped: messages quote
    paths, arguments and file contents, which must not reach the terminal raw (nor 100,000
    pasted characters: the middle of such a message is left out)."""
    if sys.stderr is None:  # stderr was closed; the exit status still tells
        return
    shown = printable(line)
    if len(shown) > 3 * MESSAGE_ENDS:
        left_out = len(shown) - 2 * MESSAGE_ENDS
        shown = f"{shown[:MESSAGE_ENDS]}[... {left_out} characters ...]{shown[-MESSAGE_ENDS:]}"
    typer.echo(f"wmhr: {shown}", err=True)


def report(message: str) -> None:
    say(f"error: {message}")


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
    """Flush what the command printed, so a full disk or a closed standard output is reported,
    not lost. A reader that went away (EPIPE) is not a failure here: the command has finished,
    so what it recorded is recorded, and what is left is its report (wmhr.writing's rule)."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        settle_output()


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
