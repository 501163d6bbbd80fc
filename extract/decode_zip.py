"""Zip archives: the documents inside, read safely, or a reason why the archive is refused.

People send a year of bulletins as one zip. Its members become documents of their own
(the intake stores each under its content id and names it ``archive.zip/member``), so
nothing is ever extracted to disk: a member's path is only a label, and a name like
``../../etc/passwd`` cannot write anywhere — it is still refused, as the sign of a
hostile archive. Limits stop zip bombs before anything is decompressed: the central
directory's sizes are checked (members, total, each member, compression ratio), then
every member is read with a cap of its declared size, so a directory that lies about
sizes is caught too.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import NoReturn

from extract.decode_errors import UnreadableDocument, parser_failure

MAX_MEMBERS = 1000
MAX_TOTAL_BYTES = 500 * 1024 * 1024  # uncompressed, all members together
# Text compresses about 3–10×, a DOCX or PDF hardly at all; a bomb compresses 1000×+.
MAX_RATIO = 100
_RATIO_FROM_BYTES = 1024 * 1024  # tiny members (a repeated line) may compress far better
_UTF8_NAME_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1
_DRIVE = re.compile(r"^[A-Za-z]:")
# macOS resource forks and hidden files, skipped as the inbox listing skips dot-files
# ('..' is not hidden: it is a path escaping the archive, refused below)
_SKIPPED_PART = re.compile(r"^(__MACOSX|\.(?!\.?$).*)$")


def zip_members(data: bytes, max_member_bytes: int) -> Iterator[tuple[str, bytes]]:
    """``(path inside the archive, bytes)`` of each document in a zip, in archive order.

    The whole directory is checked before the first member is decompressed; an archive
    that breaks a rule raises UnreadableDocument and yields nothing after the point
    where the rule was found broken.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise parser_failure("zip", error) from None
    with archive:
        members = [(info, _member_path(info)) for info in infos if not info.is_dir()]
        members = [(info, path) for info, path in members if not any(map(_SKIPPED_PART.match, path.split("/")))]
        _check_directory(members, max_member_bytes)
        for info, path in members:
            try:
                with archive.open(info) as handle:
                    content = handle.read(info.file_size + 1)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
                raise parser_failure("zip", error) from None
            if len(content) != info.file_size:
                raise UnreadableDocument(
                    f"zip member '{path}' holds more or less than its declared {info.file_size} bytes "
                    "(a forged archive?)"
                )
            yield path, content


def _member_path(info: zipfile.ZipInfo) -> str:
    """The member's name as written: GBK names (Chinese Windows) are decoded as such.

    Without the UTF-8 flag Python reads a name as cp437; Chinese Windows tools write GBK.
    """
    name = info.filename
    if not info.flag_bits & _UTF8_NAME_FLAG:
        try:
            name = name.encode("cp437").decode("gb18030")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name.replace("\\", "/")


def _check_directory(members: list[tuple[zipfile.ZipInfo, str]], max_member_bytes: int) -> None:
    if not members:
        raise UnreadableDocument("zip archive holds no files")
    if len(members) > MAX_MEMBERS:
        raise UnreadableDocument(f"zip archive holds {len(members)} files, over the limit of {MAX_MEMBERS}")
    total = sum(info.file_size for info, _ in members)
    if total > MAX_TOTAL_BYTES:
        raise UnreadableDocument(
            f"zip archive unpacks to {total:,} bytes, over the limit of {MAX_TOTAL_BYTES:,} (a zip bomb?)"
        )
    for info, path in members:
        parts = PurePosixPath(path).parts
        if path.startswith("/") or _DRIVE.match(path) or ".." in parts:
            raise UnreadableDocument(f"zip member name '{path}' points outside the archive")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise UnreadableDocument(f"zip member '{path}' is a symbolic link")
        if info.flag_bits & _ENCRYPTED_FLAG:
            raise UnreadableDocument(f"zip member '{path}' is encrypted (a password is required)")
        if info.file_size > max_member_bytes:
            raise UnreadableDocument(
                f"zip member '{path}' is {info.file_size:,} bytes, over the document limit of "
                f"{max_member_bytes:,} bytes (ZONESTATS_MAX_DOCUMENT_BYTES)"
            )
        if info.file_size > _RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnreadableDocument(
                f"zip member '{path}' expands {info.file_size // max(info.compress_size, 1)}× "
                f"(over {MAX_RATIO}×: a zip bomb?)"
            )


def refuse_archive(data: bytes, max_member_bytes: int) -> NoReturn:
    """Why a zip handed to the decoder is not a document: it is unsafe, or a container.

    The intake unpacks a zip dropped in the inbox and lists its members, so a zip reaches
    the decoder only when it broke a rule here (the reason says which) or when it sat
    inside another zip (only the outer one is unpacked).
    """
    for _ in zip_members(data, max_member_bytes):
        pass
    raise UnreadableDocument(
        "a zip archive is not a document: the inbox unpacks a zip dropped there, not one inside another"
    )
