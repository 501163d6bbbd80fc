"""Who may do what in the app (AppTest): viewers read, analysts change data, admins manage
accounts; signing in through the sidebar form; the review page records corrections."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_fixture import DOCS, app_home, built_home, span  # noqa: F401
from tests.test_app import ANALYST, open_page, texts
from zonestats import corrections, users
from zonestats.settings import Settings

pytestmark = pytest.mark.slow  # the session's fixture warehouse is built by dbt

PASSWORD = "a long enough password"
LOCKED = "此页面需要"  # the start of the "sign in as …" warning


@pytest.mark.parametrize("page", ["sql", "upload", "review", "users"])
def test_viewers_get_no_controls_that_change_data(app_home: Settings, page: str) -> None:
    at = open_page(page)
    assert not at.get("file_uploader")
    assert not [a for a in at.text_area if a.key == "sql_text"]
    assert not [b for b in at.button if b.label in ("运行", "加入收件箱", "保存修改")]


def test_analysts_cannot_manage_accounts(app_home: Settings) -> None:
    def manages(at: AppTest) -> bool:
        return any(b.label == "添加或重设用户" for b in at.button)

    assert not manages(open_page("users", ANALYST))
    at = open_page("users", users.User("root", "admin"))
    assert manages(at)
    at.text_input(key="new_user_name").input("cy")
    at.text_input(key="new_user_password").input(PASSWORD)
    next(b for b in at.button if b.label == "添加或重设用户").click().run()
    assert users.authenticate(app_home, "cy", PASSWORD) == users.User("cy", "analyst")
    assert users.list_users(app_home)[0]["changed_by"] == "root"  # attributed


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(password)
    next(b for b in at.button if b.label == "登录").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_sign_in_opens_the_analyst_pages_and_wrong_passwords_are_slowed(app_home: Settings) -> None:
    users.add_user(app_home, "ana", "analyst", PASSWORD)
    at = open_page()
    for _ in range(users.FREE_ATTEMPTS):
        sign_in(at, "ana", "not the password")
        assert "用户名或密码错误" in texts(at, "error")
    sign_in(at, "ana", PASSWORD)  # right, but too soon after five wrong ones
    assert any(e.startswith("密码错误次数过多") for e in texts(at, "error"))
    assert not any("已登录" in c for c in texts(at, "caption"))

    users.remove_user(app_home, "ana")  # a fresh account: no failures recorded
    users.add_user(app_home, "bea", "analyst", PASSWORD)
    at = sign_in(open_page(), "bea", PASSWORD)
    assert any("已登录：bea" in c for c in texts(at, "caption"))
    at.switch_page("views/review.py").run()
    assert not any(w.startswith(LOCKED) for w in texts(at, "warning"))


def test_sessions_expire(app_home: Settings) -> None:
    at = open_page("review", ANALYST)
    assert not any(w.startswith(LOCKED) for w in texts(at, "warning"))
    assert any(b.label == "保存修改" for b in at.button)
    at.session_state["zs_signed_in"] = (ANALYST, 0.0)  # expired long ago
    at.run()
    assert "登录已过期，请重新登录" in texts(at, "info")
    assert not any(b.label == "保存修改" for b in at.button)  # the review page is gone


def written(home: Settings) -> list[dict]:
    return corrections.read_all(home)


def test_review_page_records_a_correction_by_the_signed_in_analyst(app_home: Settings) -> None:
    doc = DOCS["hubei"]
    at = open_page("review", ANALYST, doc=doc.doc_id)
    start, end = span("hubei", "21家")
    queue = at.selectbox(key="review_figure")
    target = next(o for o in queue.options if "21家" in o)
    figure_id = corrections.Anchor(doc.doc_id, doc.doc_id, start, end).figure_id
    queue.select(figure_id).run()
    assert 'id="zs-selected" tabindex="0">21家<' in at.get("html")[0].proto.body  # the span highlighted
    at.selectbox(key=f"set_{figure_id}_metric").select("other")
    at.text_input(key=f"set_reason_{figure_id}").input("not a zone count")
    next(b for b in at.button if b.label == "保存修改").click().run()
    assert not at.exception
    assert any(s.startswith("已记录") for s in texts(at, "success")), target
    [row] = written(app_home)
    assert (row["action"], row["figure_id"], row["author"], row["reason"]) == (
        "set", figure_id, "analyst1", "not a zone count")
    assert json.loads(row["new_values"]) == {"metric": "other"}  # only the field changed
    # not published yet: the history shows it pending
    assert "pending" in at.dataframe[-1].value["status"].tolist()


def test_review_page_rejects_adds_and_marks_reviewed(app_home: Settings) -> None:
    doc = DOCS["hubei"]
    at = open_page("review", ANALYST, doc=doc.doc_id)
    figure_id = at.selectbox(key="review_figure").value
    at.text_input(key=f"reject_reason_{figure_id}").input("a date")
    next(b for b in at.button if b.label == "不是数据点（拒绝）").click().run()
    at.text_input(key=f"add_text_{doc.doc_id}").input("2025").run()  # the year in 到2025年, say
    at.text_input(key=f"add_{doc.doc_id}_value").input("2025")
    at.text_input(key=f"add_{doc.doc_id}_subject").input("测试")
    at.text_input(key=f"add_reason_{doc.doc_id}").input("missed")
    next(b for b in at.button if b.label == "补充遗漏的数据点").click().run()
    next(b for b in at.button if b.label == "本文件已审核").click().run()
    assert not at.exception
    rows = written(app_home)
    assert [r["action"] for r in rows] == ["reject", "add", "reviewed"]
    assert {r["author"] for r in rows} == {"analyst1"}
    added = rows[1]
    start = doc.text.index("2025")
    assert (added["start"], added["end"], added["text"]) == (start, start + 4, "2025")
    assert json.loads(added["new_values"])["value"] == 2025.0


def test_documents_page_shows_a_documents_correction_history_to_everyone(app_home: Settings) -> None:
    import hashlib

    from benchmarks.app_warehouse import build_and_publish

    doc = DOCS["hubei"]
    start, end = span("hubei", "21家")
    content_hash = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()  # as the fixture's state says
    corrections.record(app_home, "set", corrections.Anchor(doc.doc_id, content_hash, start, end, "21家"),
                       "analyst1", "a typo in the source", {"value": 22})
    app_home.build_db.parent.mkdir(parents=True, exist_ok=True)  # the fixture's copy has no build folder
    build_and_publish(app_home, [])
    at = open_page("documents", doc=doc.doc_id)  # a viewer
    figures = at.dataframe[1].value.set_index("text")
    assert (figures.loc["21家", "origin"], figures.loc["21家", "corrected_by"]) == ("corrected", "analyst1")
    history = at.dataframe[-1].value
    assert history[["action", "author", "reason", "status"]].values.tolist() == [
        ["set", "analyst1", "a typo in the source", "applied"]]
