"""OCR accuracy and cost on rendered scans: RapidOCR (ours) beside Tesseract when installed.

Run ``python -m benchmarks.ocr_scan``. Two pages of statistics sentences are drawn with
Noto CJK (Debian's fonts-noto-cjk) into image-only PDFs: a clean 12 pt page, and a
noisy 9 pt one (rotated 0.7°, blurred, grey noise) like a poor office scan. Each page is
rasterised with pypdfium2 and read; the score is character accuracy, 1 − edit distance
÷ length, whitespace ignored, and ``wrong numbers`` counts the numbers of the page not
read exactly (what a statistics pipeline cannot afford). Cost is CPU seconds of this
process and its children (Tesseract runs as a child), so it is not inflated when other
work shares the machine; the engine's model load is excluded (one warm-up call).
Tesseract is compared only when ``pytesseract`` and the ``tesseract`` binary with
``chi_sim`` are installed (``pip install pytesseract``; ``apt-get install tesseract-ocr
tesseract-ocr-chi-sim``); it is not a dependency. Results: ``docs/ocr.md``.
"""

from __future__ import annotations

import io
import re
import resource
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pypdfium2
from PIL import Image, ImageDraw, ImageFilter, ImageFont

NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
SCAN_DPI = 200
BENCH_LINES = (
    "2022年某省开发区发展情况",
    "截至2022年底，某省共有开发区96家，其中国家级开发区15家，省级开发区81家。",
    "全年开发区实现地区生产总值1.2万亿元，同比增长6.8%，占全省的比重为52.3%。",
    "开发区内规模以上工业企业达到4521家，实际使用外资12.6亿美元。",
    "全省开发区完成固定资产投资3856.7亿元，增长8.1%；其中工业投资2140亿元。",
    "进出口总额达到6125.4亿元，占全省进出口总额的比重为71.6%。",
    "国家级高新区营业收入突破2.3万亿元，高新技术企业数量达到1.12万家。",
    "园区一般公共预算收入完成468.9亿元，比上年增长5.2%。",
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")


def render_scan(lines: tuple[str, ...], font_pt: int = 12, noisy: bool = False, serif: bool = True) -> bytes:
    """An image-only PDF of one A4 page showing ``lines``: what a scanner produces.

    The PDF's dates are fixed, so the same lines give the same bytes (and doc_id).
    """
    size = (int(8.27 * SCAN_DPI), int(11.69 * SCAN_DPI))
    page = Image.new("L", size, 255)
    font_file = NOTO_CJK / ("NotoSerifCJK-Regular.ttc" if serif else "NotoSansCJK-Regular.ttc")
    font = ImageFont.truetype(str(font_file), round(font_pt * SCAN_DPI / 72))
    draw = ImageDraw.Draw(page)
    for number, line in enumerate(lines):
        draw.text((SCAN_DPI, SCAN_DPI + number * round(font_pt * 1.8 * SCAN_DPI / 72)), line, font=font, fill=0)
    if noisy:
        page = page.rotate(0.7, fillcolor=255, resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(0.8))
        grain = np.random.default_rng(1).normal(0, 25, (size[1], size[0]))
        page = Image.fromarray((np.asarray(page, dtype=np.float64) + grain).clip(0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    fixed = time.gmtime(1_704_067_200)  # 2024-01-01
    page.save(buffer, "PDF", resolution=SCAN_DPI, creationDate=fixed, modDate=fixed)
    return buffer.getvalue()


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (our own: a page is ~400 characters, no library needed for that)."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _engines() -> dict[str, Callable[[Image.Image], str]]:
    from extract.decode_ocr import _engine, lines_of_boxes

    engines = {"rapidocr": lambda image: lines_of_boxes(_engine()(np.asarray(image.convert("RGB")))[0] or [])}
    try:
        import pytesseract

        if "chi_sim" in pytesseract.get_languages():
            engines["tesseract chi_sim"] = lambda image: pytesseract.image_to_string(image, lang="chi_sim")
    except Exception:  # noqa: BLE001 - not installed: compare what is
        pass
    return engines


def main() -> None:
    truth = "".join(BENCH_LINES)
    numbers = _NUMBER.findall(truth)
    pages = {"clean 12 pt": render_scan(BENCH_LINES), "noisy 9 pt": render_scan(BENCH_LINES, 9, True, False)}
    print(f"{len(truth)} characters, {len(numbers)} numbers a page; rendered at {SCAN_DPI} DPI")
    engines = _engines()
    for page_name, pdf in pages.items():
        image = pypdfium2.PdfDocument(pdf)[0].render(scale=SCAN_DPI / 72).to_pil()
        for engine_name, read in engines.items():
            read(image)  # warm-up: model load and caches
            started = _cpu_seconds()
            text = re.sub(r"\s+", "", read(image))
            cpu = _cpu_seconds() - started
            wrong = len(numbers) - sum(1 for n in numbers if n in _NUMBER.findall(text))
            accuracy = 1 - edit_distance(text, truth) / len(truth)
            print(f"{page_name:12} {engine_name:18} accuracy {accuracy:.3f}  wrong numbers {wrong:2}  {cpu:.1f} s CPU")


if __name__ == "__main__":
    main()
