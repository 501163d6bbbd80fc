"""Zip safety rules, one archive per rule, and the XLSX cell rendering the table reader relies on."""

from __future__ import annotations

import datetime as dt
import io
import stat
import struct
import zipfile

import pytest

import extract.decode_xlsx as decode_xlsx
import extract.decode_zip as decode_zip
from extract.decode import UnreadableDocument, decode_document
from extract.decode_xlsx import cell_text
from extract.decode_zip import zip_members
from tests.fixtures.make_inputs import build_inputs

_TEXT = "全省共有开发区96家。".encode()


def _zip(*members: zipfile.ZipInfo | str, data: bytes = _TEXT) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in members:
            archive.writestr(member, data)
    return out.getvalue()


def _refusal(data: bytes, max_member_bytes: int = 1024 * 1024) -> str:
    members = zip_members(data, max_member_bytes)
    with pytest.raises(UnreadableDocument) as refused:
        next(members)  # refused before the first member is handed out
    return refused.value.reason


def test_members_come_out_with_their_paths_and_bytes() -> None:
    members = list(zip_members(_zip("a.txt", "dir/b.txt", ".hidden.txt", "__MACOSX/._a.txt"), 1024))
    assert members == [("a.txt", _TEXT), ("dir/b.txt", _TEXT)]


@pytest.mark.parametrize("name", ["../a.txt", "dir/../../a.txt", "/etc/a.txt", "C:/a.txt", "..\\..\\a.txt"])
def test_a_member_name_escaping_the_archive_refuses_it_before_anything_is_read(name: str) -> None:
    assert "points outside the archive" in _refusal(_zip("first.txt", name))


def test_a_symbolic_link_is_refused() -> None:
    link = zipfile.ZipInfo("link.txt")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    assert _refusal(_zip(link, data=b"/etc/passwd")) == "zip member 'link.txt' is a symbolic link"


def _patch_directory(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    """Overwrite a field of the (first) central directory entry: a crafted archive."""
    patched = bytearray(data)
    struct.pack_into(fmt, patched, patched.index(b"PK\x01\x02") + offset, value)
    return bytes(patched)


def test_an_encrypted_member_is_refused() -> None:
    encrypted = _patch_directory(_zip("secret.txt"), 8, "<H", 0x1)  # general purpose flag: encrypted
    assert _refusal(encrypted) == "zip member 'secret.txt' is encrypted (a password is required)"


def test_limits_on_members_total_and_member_size(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "over the document limit of 5 bytes" in _refusal(_zip("a.txt"), max_member_bytes=5)
    monkeypatch.setattr(decode_zip, "MAX_TOTAL_BYTES", 2 * len(_TEXT) - 1)
    assert f"unpacks to {2 * len(_TEXT)} bytes, over the limit of {2 * len(_TEXT) - 1}" in _refusal(
        _zip("a.txt", "b.txt")
    )
    monkeypatch.setattr(decode_zip, "MAX_MEMBERS", 1)
    assert "holds 2 files, over the limit of 1" in _refusal(_zip("a.txt", "b.txt"))


def test_a_directory_that_overstates_a_size_is_refused() -> None:
    forged = _patch_directory(_zip("a.txt"), 24, "<I", len(_TEXT) + 100)  # uncompressed size
    with pytest.raises(UnreadableDocument, match="holds more or less than its declared 129 bytes"):
        list(zip_members(forged, 1024))


def test_an_empty_archive_is_refused() -> None:
    assert _refusal(_zip()) == "zip archive holds no files"


def test_a_zip_handed_to_the_decoder_is_not_a_document() -> None:
    with pytest.raises(UnreadableDocument, match="a zip archive is not a document"):
        decode_document(_zip("inner.txt"), "outer.zip/inner.zip")


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (3862.5, "General", "3862.5"),
        (2140.0, "General", "2140"),
        (96, "0", "96"),
        (0.523, "0.0%", "52.3%"),
        (0.07, "0%", "7%"),
        (dt.datetime(2023, 12, 31), "yyyy-mm-dd", "2023-12-31"),
        ("营业收入\n(亿元)", "General", "营业收入 (亿元)"),
        ("A|B｜C", "General", "A/B/C"),  # a pipe would split the cell
        (True, "General", "TRUE"),
        (None, None, ""),
    ],
)
def test_cells_are_shown_as_a_reader_sees_them(value: object, number_format: str | None, shown: str) -> None:
    assert cell_text(value, number_format) == shown


def test_a_sheet_over_the_cell_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = build_inputs()["statistics.xlsx"][0]
    monkeypatch.setattr(decode_xlsx, "MAX_CELLS", 5)
    with pytest.raises(UnreadableDocument, match="has over 5 cells"):
        decode_document(data, "statistics.xlsx")
