"""The app in a real headless Chromium: every page, and an upload followed until it is published.

Runs ``streamlit run`` against a home whose warehouse the real pipeline built from the
shipped samples, drives Debian's chromium through Playwright (never a downloaded
browser), and saves a screenshot of each page under the test's tmp folder.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from tests.conftest import make_home
from zonestats import users
from zonestats.intake import content_id
from zonestats.settings import REPO_ROOT, Settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# A new document whose text is hostile HTML: the viewer must show it, not run it.
UPLOAD_TEXT = (
    "<img src=x onerror=\"window.__pwned=1\">湖南省开发区情况\n"
    "2023年，湖南省共有国家级开发区20家，省级开发区124家，实现营业收入36000亿元。"
)
ANALYST, PASSWORD = "analyst1", "a long enough password"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (apt-get install chromium)"),
]


def refresh(settings: Settings) -> None:
    """What the sensor would do: process the inbox, build, validate, publish."""
    import dagster as dg

    from zonestats.cli import prepare_dbt

    prepare_dbt()  # dagster-dbt needs the manifest before the definitions load
    from orchestration.runner import refresh_now

    result = refresh_now(settings, dg.DagsterInstance.ephemeral())
    assert result.success, result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    """The app served on a free port over a warehouse built from the samples."""
    settings = make_home(tmp_path_factory.mktemp("browser") / "home", with_samples=True)
    refresh(settings)
    users.add_user(settings, ANALYST, "analyst", PASSWORD)
    users.add_user(settings, "guessed", "analyst", PASSWORD)
    port = free_port()
    log = open(settings.home / "streamlit.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "app" / "streamlit_app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=REPO_ROOT, env={**os.environ, "ZONESTATS_HOME": str(settings.home)},
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,  # its own process group
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError((settings.home / "streamlit.log").read_text()[-2000:]) from None
                time.sleep(0.5)
        yield base, settings
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def settle(page) -> None:
    """Wait until Streamlit has finished the script run, then let charts and grids draw."""
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'", timeout=60_000)
    page.wait_for_timeout(1500)


PAGES = [  # url path, a text the page must show
    ("", "开发区统计"),
    ("provinces", "开发区数量"),
    ("province", "省份档案"),
    ("zone", "园区档案"),
    ("targets", "目标与进度"),
    ("unmapped", "归入指标的数据点占比"),
    ("documents", "文件列表"),
    ("figures", "下载 CSV"),
    ("quality", "校验结果"),
]
ANALYST_PAGES = [  # navigation label, a text the page must show
    ("SQL 查询", "表结构"),
    ("上传", "上传文件"),
    ("审核", "待审核"),
]


def sign_in(page, base: str, name: str = ANALYST, password: str = PASSWORD, expect: str = "已登录") -> None:
    """Through the sidebar form, submitted with Enter. The session lives in the page's
    connection, so the tests then move between pages by the navigation, not by URL."""
    page.goto(base)
    settle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    if not sidebar.get_by_label("密码").is_visible():
        sidebar.get_by_text("登录", exact=True).first.click()
    sidebar.get_by_label("用户名").fill(name)
    sidebar.get_by_label("密码").fill(password)
    sidebar.get_by_label("密码").press("Enter")
    page.get_by_text(expect, exact=False).first.wait_for(timeout=30_000)


def open_by_navigation(page, label: str) -> None:
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=label).click()
    settle(page)


def test_every_page_renders(served, browser, tmp_path: Path) -> None:
    base, _ = served
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    for path, expected in PAGES:
        page.goto(f"{base}/{path}")
        settle(page)
        page.get_by_text(expected, exact=False).first.wait_for(timeout=30_000)
        assert page.locator("[data-testid='stException']").count() == 0, path
        page.screenshot(path=str(tmp_path / f"page_{path or 'overview'}.png"), full_page=True)
    # a viewer sees no upload, review or SQL controls, in the navigation or at their URLs
    nav = page.locator("[data-testid='stSidebarNav']")
    for label, _ in ANALYST_PAGES:
        assert nav.get_by_role("link", name=label).count() == 0, label
    for path in ("sql", "upload", "review", "users"):
        page.goto(f"{base}/{path}")
        settle(page)
        assert page.locator("input[type='file']").count() == 0, path
        assert page.locator("textarea").count() == 0, path
        assert page.get_by_role("button", name="运行").count() == 0, path
        assert page.get_by_role("button", name="保存修改").count() == 0, path
    page.screenshot(path=str(tmp_path / "viewer_at_upload_url.png"), full_page=True)

    sign_in(page, base)
    for label, expected in ANALYST_PAGES:
        open_by_navigation(page, label)
        page.get_by_text(expected, exact=False).first.wait_for(timeout=30_000)
        assert page.locator("[data-testid='stException']").count() == 0, label
        page.screenshot(path=str(tmp_path / f"page_{label}.png"), full_page=True)
    # the SQL console runs a query in the browser too
    open_by_navigation(page, "SQL 查询")
    page.get_by_role("button", name="运行").click()
    page.get_by_text("行，", exact=False).first.wait_for(timeout=30_000)
    page.screenshot(path=str(tmp_path / "page_sql_result.png"), full_page=True)
    page.close()


def test_upload_is_processed_and_published(served, browser, tmp_path: Path) -> None:
    base, settings = served
    data = UPLOAD_TEXT.encode("utf-8")
    doc_id = content_id(data)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    sign_in(page, base)
    open_by_navigation(page, "上传")
    page.locator("input[type='file']").set_input_files(
        files=[{"name": "湖南 开发区.txt", "mimeType": "text/plain", "buffer": data}])
    page.get_by_role("button", name="加入收件箱").click()
    page.get_by_text(doc_id).wait_for(timeout=30_000)
    assert any(p.read_bytes() == data for p in settings.inbox.iterdir())

    # the pipeline picks it up (as the sensor would) while the page polls its progress
    worker = threading.Thread(target=refresh, args=(settings,))
    worker.start()
    page.get_by_text("已发布", exact=False).first.wait_for(timeout=300_000)
    worker.join()
    page.screenshot(path=str(tmp_path / "upload_published.png"), full_page=True)

    # its figures are in the viewer, highlighted in the text shown as written
    page.goto(f"{base}/documents?doc={doc_id}")
    settle(page)
    figure = page.locator(".zs-fig", has_text="20家").first
    figure.wait_for(timeout=30_000)
    figure.hover()
    assert "zone_count" in page.locator(".zs-fig:hover .zs-rec").first.inner_text()
    assert page.get_by_text('<img src=x onerror="window.__pwned=1">', exact=False).count() >= 1
    assert page.evaluate("() => window.__pwned") is None
    page.screenshot(path=str(tmp_path / "document_viewer.png"), full_page=True)
    page.close()


def test_five_wrong_passwords_are_slowed(served, browser) -> None:
    base, _ = served
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    for attempt in range(users.FREE_ATTEMPTS):
        sign_in(page, base, "guessed", f"wrong {attempt}", expect="用户名或密码错误")
    sign_in(page, base, "guessed", PASSWORD, expect="密码错误次数过多")
    assert page.get_by_text("已登录", exact=False).count() == 0
    page.close()


def test_analyst_corrects_a_figure_and_sees_it_in_figures(served, browser, tmp_path: Path) -> None:
    import csv
    import io

    base, settings = served
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    sign_in(page, base)
    open_by_navigation(page, "审核")
    page.locator(".zs-fig.zs-selected").first.wait_for(timeout=30_000)  # the queue's figure, highlighted
    page.locator("[data-testid='stSelectbox']").filter(has_text="metric").first.click()
    page.get_by_role("option", name="other", exact=True).click()
    reason = page.get_by_label("原因").first
    reason.fill("browser test")
    reason.press("Enter")  # forms submit on Enter
    page.get_by_text("已记录", exact=False).first.wait_for(timeout=30_000)
    page.screenshot(path=str(tmp_path / "review_recorded.png"), full_page=True)

    refresh(settings)  # as the sensor does when a correction file appears
    open_by_navigation(page, "数据点")
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    corrected = [r for r in rows if r["origin"] == "corrected"]
    assert [(r["metric"], r["corrected_by"], r["correction_reason"]) for r in corrected] == [
        ("other", ANALYST, "browser test")]
    page.close()
