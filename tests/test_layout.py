"""The parts of wmhr import each other one way only: read every import of every module (lazy ones
inside functions too) and fail on an arrow the layout does not allow."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "wmhr"

BASE = {"wmhr", "errors", "store", "time", "files", "controls", "writing", "folder_writing"}
DOMAIN = {"schedule", "requests", "invites", "planning"}
# Which parts each part may import, besides itself. "wmhr" is the package's face (its version).
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "controls": set(),
    "time": {"errors"},
    "store": {"errors"},
    "files": {"errors"},
    "writing": {"errors"},  # every file and standard output wmhr writes
    "folder_writing": {"errors", "writing"},  # a folder of files, under writing's policy
    "schedule": BASE,
    # Replies to requesters are written in their language, like invites.
    "requests": BASE | {"schedule", "locale"},
    # Localisation: catalogs and CLDR formats, for what participants read.
    "locale": {"errors", "time", "schedule"},
    "invites": BASE | {"schedule", "locale"},
    # Planning builds on the schedule, never the reverse: `wmhr check` adds its calendar findings.
    "planning": {"wmhr", "errors", "time", "files", "writing", "folder_writing", "schedule"},
    "output": BASE | DOMAIN | {"locale"},
    "publishing": BASE | DOMAIN | {"output", "locale"},
    # Every check of `wmhr check`, from every part that has one (publishing: the wiki's table).
    "checks": BASE | DOMAIN | {"locale", "publishing"},
    "cli": BASE | DOMAIN | {"output", "publishing", "locale", "checks"},
    "wmhr": {"cli"},
}


def part_of(module: str) -> str:
    """wmhr.time.zones -> time; wmhr.errors -> errors; wmhr, wmhr.__main__, wmhr.__version__ ->
    wmhr (the package's face)."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1].startswith("__"):
        return "wmhr"
    return parts[1]


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    names = list(relative.parts)
    return ".".join(names[:-1] if names[-1] == "__init__" else names)


def imported_modules(path: Path, module: str) -> list[tuple[int, str]]:
    found = []
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from wmhr import store` names a module; `from wmhr import __version__` the face.
            names = [f"{base}.{alias.name}" for alias in node.names] if base == "wmhr" else [base]
            found += [(node.lineno, name) for name in names]
    return [(line, name) for line, name in found if name == "wmhr" or name.startswith("wmhr.")]


def wrong_arrows() -> list[str]:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        source = part_of(module)
        assert source in ALLOWED, f"{module}: part {source!r} is not in the layout; add it"
        for line, target_module in imported_modules(path, module):
            target = part_of(target_module)
            if target != source and target not in ALLOWED[source]:
                relative = path.relative_to(PACKAGE.parent)
                wrong.append(f"{relative}:{line}: {source} imports {target} ({target_module})")
    return wrong


def test_imports_run_one_way() -> None:
    wrong = wrong_arrows()
    assert not wrong, "imports against the layout (see README, 'How the code is laid out'):\n" + (
        "\n".join(wrong)
    )
