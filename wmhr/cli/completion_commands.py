"""`wmhr completion bash|zsh|fish`: the shell script that completes wmhr's commands."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from wmhr.cli.root import COMPLETE_VAR, PROG_NAME, command


class Shell(StrEnum):
    BASH = "bash"
    ZSH = "zsh"
    FISH = "fish"


@command("completion")
def completion(
    shell: Annotated[
        Shell,
        typer.Argument(help="The shell to complete in: bash, zsh or fish.", show_default=False),
    ],
) -> None:
    """Print the shell completion script for bash, zsh or fish. Save it where your shell looks:
    bash: wmhr completion bash > ~/.local/share/bash-completion/completions/wmhr;
    zsh: wmhr completion zsh > ~/.zfunc/_wmhr (with ~/.zfunc in $fpath, before compinit);
    fish: wmhr completion fish > ~/.config/fish/completions/wmhr.fish."""
    from typer._completion_shared import get_completion_script  # Typer pinned in pyproject

    script = get_completion_script(prog_name=PROG_NAME, complete_var=COMPLETE_VAR, shell=shell)
    typer.echo(script)
