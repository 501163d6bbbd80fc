"""Safe inbox file names for whatever name an upload or a copy arrives with.

Names come from browsers and other people's disks: they may carry folders
(``../../etc/passwd``, ``C:\\Users\\x\\报告.docx``), control or bidi-override characters,
leading dots (hidden files) or more bytes than the filesystem allows (255 bytes per
name; a Chinese character is 3 bytes in UTF-8). The rules here keep a name readable —
Chinese stays, spaces stay — while making it safe to join onto the inbox folder.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

FALLBACK_NAME = "document"
MAX_NAME_BYTES = 255  # per-name limit of ext4, XFS, APFS, NTFS (UTF-16 units there)
_MAX_SUFFIX_CHARS = 16
# Path separators and the characters Windows forbids in names, so a name copied to
# another system stays valid.
_FORBIDDEN = frozenset('/\\:*?"<>|')
# Device names Windows reserves whatever the suffix ('CON.txt', 'com1.pdf' cannot be
# created there), so a copied inbox would lose the file; they get a leading underscore.
_WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]]
)


def safe_name(original: str, max_len: int = 150) -> str:
    """A file name that is safe to create inside a folder, keeping as much as possible.

    Only the last path component is kept; control, format (bidi, zero-width) and
    forbidden characters go; other whitespace becomes a plain space; leading dots,
    trailing dots and surrounding spaces go (Windows drops trailing ones itself); a
    Windows device name (``CON``, ``COM1`` …) gets a leading ``_``; a long name is cut to
    ``max_len`` characters and 255 UTF-8 bytes, keeping its suffix. An empty result
    becomes ``'document'``.
    """
    name = unicodedata.normalize("NFC", original)  # macOS hands out decomposed names
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(_clean_char(char) for char in name)
    name = name.strip(" .")
    if not name:
        return FALLBACK_NAME
    if name.split(".", 1)[0].rstrip().upper() in _WINDOWS_DEVICES:
        name = "_" + name
    stem, suffix = _split_suffix(name)
    return _fit(stem, suffix, max_len) or FALLBACK_NAME


def unique_path(folder: Path, name: str) -> Path:
    """``folder / name``, or ``name (2)``, ``name (3)`` … before the suffix if taken.

    The check and the later write are not atomic; callers that can race should create
    the file with mode ``'x'`` and call again on FileExistsError.
    """
    candidate = folder / name
    stem, suffix = _split_suffix(name)
    number = 2
    while candidate.exists():
        marker = f" ({number})"
        # A name already at the byte limit loses stem characters to make room.
        candidate = folder / _fit(stem, marker + suffix, max_len=MAX_NAME_BYTES)
        number += 1
    return candidate


def _clean_char(char: str) -> str:
    if char in _FORBIDDEN:
        return ""
    if char.isspace():
        return " "
    # Cc control, Cf format (bidi overrides, zero-width), Co private use, Cs surrogate,
    # Cn unassigned
    if unicodedata.category(char).startswith("C"):
        return ""
    return char


def _split_suffix(name: str) -> tuple[str, str]:
    """Split off a real suffix ('.pdf'), not a dot inside a long sentence."""
    suffix = Path(name).suffix
    if not suffix or len(suffix) > _MAX_SUFFIX_CHARS or " " in suffix:
        return name, ""
    return name[: -len(suffix)], suffix


def _fit(stem: str, tail: str, max_len: int) -> str:
    """``stem + tail`` with the stem shortened to fit ``max_len`` chars and 255 bytes."""
    stem = stem[: max(0, max_len - len(tail))]
    budget = MAX_NAME_BYTES - len(tail.encode("utf-8"))
    while len(stem.encode("utf-8")) > budget:
        stem = stem[:-1]
    stem = stem.rstrip(" .")  # Windows would drop a trailing dot or space
    return stem + tail if stem else tail.lstrip(".").strip()
