"""A screenshot of the static page as a participant in a chosen time zone sees it.

    python benchmarks/screenshot_page.py [--tz Asia/Kolkata] [--out page.png] [--no-js]
                                         [--width 1200] [--height 2000] [--file sessions.toml]

Writes the site for the schedule (bundled, or --file) into a temporary folder with
`wmhr publish html`, then has headless Chromium (/usr/bin/chromium, or $CHROMIUM) load it with
TZ set, and save a PNG. Look at it: the "Your time" column and the day markers are the viewer's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tz", default="Asia/Kolkata", help="the viewer's zone (TZ)")
    parser.add_argument("--out", type=Path, default=Path("page.png"))
    parser.add_argument("--no-js", action="store_true", help="as a browser without JavaScript")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=2000)
    parser.add_argument("--file", help="sessions.toml (default: the bundled schedule)")
    args = parser.parse_args()
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        command = [sys.executable, "-m", "wmhr", "publish", "html", "--out", str(site)]
        command += ["--db", str(Path(folder) / "wmhr.db")]
        command += ["--file", args.file] if args.file else []
        subprocess.run(command, check=True)
        flags = [*FLAGS, f"--user-data-dir={Path(folder) / 'profile'}"]
        flags += ["--blink-settings=scriptEnabled=false"] if args.no_js else []
        flags += [f"--window-size={args.width},{args.height}"]
        flags += [f"--screenshot={args.out.absolute()}", (site / "index.html").as_uri()]
        env = {**os.environ, "TZ": args.tz}
        subprocess.run(
            [chromium, *flags], check=True, env=env, timeout=120, stderr=subprocess.DEVNULL
        )
    print(f"wrote {args.out} (TZ={args.tz}{', no JavaScript' if args.no_js else ''})")


if __name__ == "__main__":
    main()
