"""Safe inbox names: examples of each rule, then properties over arbitrary names."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zonestats.filenames import safe_name, unique_path


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("2022年开发区统计公报.docx", "2022年开发区统计公报.docx"),
        ("../../etc/passwd", "passwd"),
        (r"C:\Users\张三\Desktop\园区 名单.pdf", "园区 名单.pdf"),
        (".bashrc", "bashrc"),
        ("...", "document"),
        ("", "document"),
        ("/", "document"),
        ("报告\x00\x07.txt", "报告.txt"),
        ("old\nname\t.txt", "old name.txt"),
        ("invoice\u202etxt.exe", "invoicetxt.exe"),  # a right-to-left override hides '.exe'
        ('a<b>c:d"e|f?g*h.html', "abcdefgh.html"),
        ("  园区名单  .txt  ", "园区名单.txt"),
        ("e\u0301te.txt", "\u00e9te.txt"),  # decomposed (macOS) names become composed
        # Windows device names cannot be created there, whatever the suffix
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("Aux .pdf", "_Aux.pdf"),
        ("COM1.tar.gz", "_COM1.tar.gz"),
        ("lpt\u00b9.docx", "_lpt\u00b9.docx"),
        ("CONSOLE.txt", "CONSOLE.txt"),  # only the exact device name is reserved
        ("报告.txt. . ", "报告.txt"),  # Windows drops trailing dots and spaces
    ],
)
def test_safe_name_examples(original: str, expected: str) -> None:
    assert safe_name(original) == expected


def test_long_chinese_name_is_cut_to_255_bytes_keeping_its_suffix() -> None:
    name = safe_name("开发区" * 100 + ".pdf")
    # 83 hanzi × 3 bytes + 4 = 253 bytes; one more hanzi would make 256.
    assert name == ("开发区" * 100)[:83] + ".pdf"


def test_long_ascii_name_is_cut_to_max_len_characters() -> None:
    name = safe_name("a" * 400 + ".txt", max_len=40)
    assert name == "a" * 36 + ".txt"


def test_a_dot_inside_a_sentence_is_not_a_suffix() -> None:
    name = safe_name("截至2022年底. 某省共有开发区96家" * 10, max_len=20)
    assert name == ("截至2022年底. 某省共有开发区96家" * 10)[:20]


def test_unique_path_returns_the_name_when_free(tmp_path: Path) -> None:
    assert unique_path(tmp_path, "报告.pdf") == tmp_path / "报告.pdf"


def test_unique_path_numbers_taken_names_before_the_suffix(tmp_path: Path) -> None:
    for name in ("报告.pdf", "报告 (2).pdf"):
        (tmp_path / name).write_bytes(b"x")
    assert unique_path(tmp_path, "报告.pdf") == tmp_path / "报告 (3).pdf"
    (tmp_path / "notes").write_bytes(b"x")
    assert unique_path(tmp_path, "notes") == tmp_path / "notes (2)"


def test_unique_path_keeps_a_name_at_the_byte_limit_valid(tmp_path: Path) -> None:
    name = safe_name("园" * 200 + ".txt")
    (tmp_path / name).write_bytes(b"x")
    second = unique_path(tmp_path, name)
    assert second.name.endswith(" (2).txt") and len(second.name.encode("utf-8")) <= 255
    second.write_bytes(b"y")  # the filesystem accepts it


@settings(max_examples=200, deadline=None)
@given(original=st.text(max_size=400), max_len=st.integers(min_value=10, max_value=200))
def test_any_name_becomes_one_creatable_file_inside_the_folder(
    tmp_path_factory: pytest.TempPathFactory, original: str, max_len: int
) -> None:
    folder = tmp_path_factory.getbasetemp() / "inbox"
    folder.mkdir(exist_ok=True)
    name = safe_name(original, max_len=max_len)

    assert name and not name.startswith(".") and name == name.strip() and not name.endswith(".")
    assert name.split(".", 1)[0].rstrip().upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}
    assert "/" not in name and "\\" not in name
    assert not any(unicodedata.category(char).startswith("C") for char in name)
    assert len(name) <= max_len and len(name.encode("utf-8")) <= 255
    path = folder / name
    path.write_bytes(b"x")
    assert path.parent == folder and list(folder.iterdir()) == [path]
    path.unlink()


@given(original=st.text(alphabet=st.characters(categories=["Lo", "Nd"]), min_size=1, max_size=60))
def test_plain_chinese_names_pass_unchanged(original: str) -> None:
    assert safe_name(original + ".txt") == unicodedata.normalize("NFC", original) + ".txt"
