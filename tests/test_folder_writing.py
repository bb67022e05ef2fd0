"""wmhr.folder_writing, directly: a folder of files (a site, a folder of invites) under
wmhr.writing's one policy, built whole and exchanged with the old one."""

from __future__ import annotations

import os
import sys

import pytest

from wmhr import folder_writing, writing
from wmhr.writing import OutputError, Protected

CALENDAR = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//wmhr//wmhr 1//EN\r\nEND:VCALENDAR\r\n"
PAGE = b'<html><a href="invites/series.ics">feed</a></html>\n'


@pytest.mark.parametrize("name", ["/", "", "."])
def test_the_root_an_empty_path_and_the_current_folder_are_not_output_folders(
    tmp_path, name
) -> None:
    with pytest.raises(OutputError, match=r"root folder|empty|current folder"):
        folder_writing.check_folder_name(name, "--out")


def test_a_new_folder_appears_whole_with_its_list(tmp_path) -> None:
    site = tmp_path / "deep" / "site"
    files = {"index.html": PAGE, "invites/a.ics": CALENDAR}
    done = folder_writing.write_folder(site, files, option="--out", protected=Protected())
    assert (done.changed, done.unchanged) == (2, 0)
    assert (site / "index.html").read_bytes() == PAGE
    assert writing.read_manifest(site) == {"index.html"}
    assert [p.name for p in site.parent.iterdir()] == ["site"]  # no temporary folder left


def test_an_update_keeps_the_hosts_files_and_unchanged_files(tmp_path, monkeypatch) -> None:
    site = tmp_path / "site"
    folder_writing.write_folder(
        site, {"index.html": PAGE, "invites/a.ics": CALENDAR}, option="--out", protected=Protected()
    )
    folder = site.stat().st_ino
    if sys.platform.startswith("linux"):  # the whole folder is exchanged, never file by file

        def one_by_one(*args: object) -> None:
            raise AssertionError("replaced file by file")

        monkeypatch.setattr(folder_writing, "_replace_one_by_one", one_by_one)
    (site / "CNAME").write_text("hr.example.org\n", "utf-8")
    os.utime(site / "invites" / "a.ics", ns=(1, 1))
    cname = (site / "CNAME").stat().st_ino
    new_page = PAGE.replace(b"feed", b"the feed")
    done = folder_writing.write_folder(
        site,
        {"index.html": new_page, "invites/a.ics": CALENDAR},
        option="--out",
        protected=Protected(),
    )
    assert (done.changed, done.unchanged) == (1, 1)
    assert (site / "index.html").read_bytes() == new_page
    assert (site / "CNAME").read_text("utf-8") == "hr.example.org\n"
    assert (site / "CNAME").stat().st_ino == cname  # linked into the new folder, not copied
    assert (site / "invites" / "a.ics").stat().st_mtime_ns == 1
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    if sys.platform.startswith("linux"):
        assert site.stat().st_ino != folder


def test_a_link_inside_the_folder_is_never_followed(tmp_path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (site / "invites").symlink_to(outside)
    with pytest.raises(OutputError, match="symbolic link"):
        folder_writing.write_folder(
            site, {"invites/a.ics": CALENDAR}, option="--out", protected=Protected()
        )
    (site / "invites").unlink()
    (site / "index.html").symlink_to(outside / "page.html")
    with pytest.raises(OutputError, match="symbolic link"):
        folder_writing.write_folder(
            site, {"index.html": PAGE}, option="--out", protected=Protected()
        )
    assert list(outside.iterdir()) == []


def test_a_page_wmhr_did_not_write_is_kept(tmp_path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_bytes(b"<p>the host's</p>")
    with pytest.raises(OutputError, match="did not write it"):
        folder_writing.write_folder(
            site, {"index.html": PAGE}, option="--out", protected=Protected()
        )
    assert (site / "index.html").read_bytes() == b"<p>the host's</p>"


def test_a_named_folder_may_be_a_link(tmp_path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "site").symlink_to(real)
    folder_writing.write_folder(
        tmp_path / "site", {"index.html": PAGE}, option="--out", protected=Protected()
    )
    assert (real / "index.html").read_bytes() == PAGE and (tmp_path / "site").is_symlink()
