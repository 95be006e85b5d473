"""The console's 监督学习 page (FACE-8): a clerk ends a live supervision of their centre's
trainee there (an administrator any one), exactly once, audited; the kiosk login it covered
ends with it. Real HTTP to the console's server, real Chromium for the page."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from tests.support.console import PASSWORDS, page_csrf, signed_in
from tests.support.live_server import LiveServer

OURS = "530302197501010018"  # 孔一, imported into the demo centre KM01
THEIRS = "530302197501010026"  # 曹二, imported into QJ05
PAGE = "/console/supervisions"


def _import(server: LiveServer) -> None:
    csv = (
        "身份证号,姓名,工种代码,证书编号,证书有效期至,培训点代码\n"
        f"{OURS},孔一,AQY,C71,2027-06-30,KM01\n{THEIRS},曹二,AQY,C72,2027-06-30,QJ05\n"
    )
    imported = server.call(
        "POST", "/admin/enrollments/import", server.admin_token(),
        files={"file": ("sv.csv", csv.encode())},
    )
    assert imported.status_code == 200 and not imported.json()["errors"], imported.text


def _rows(http: requests.Session, server: LiveServer) -> str:
    page = http.get(server.url + PAGE, timeout=30)
    assert page.status_code == 200, page.text
    return page.text.split("<main>", 1)[1]


def _end(http: requests.Session, server: LiveServer, supervision_id: str, csrf: str) -> Any:
    return http.post(
        server.url + f"{PAGE}/{supervision_id}/end", data={"csrf": csrf}, timeout=30
    )


def _ended_entries(server: LiveServer, supervision_id: str) -> int:
    from sqlalchemy import select

    from app.server.models import AuditEntry

    with server.context.sessions() as db:
        entries = db.scalars(select(AuditEntry).where(AuditEntry.action == "supervision_ended"))
        return sum(1 for e in entries if supervision_id in str(e.after))


def test_a_clerk_ends_their_centres_supervision_on_the_console_page_once(
    console_server: LiveServer, chromium: Any, shots: Path
) -> None:
    # RULES: FACE-8. The session ends when the clerk ends it: progress after it is refused.
    from sqlalchemy import select

    from app.server.models import Trainee
    from tests.support.faults import stretch

    server = console_server
    _import(server)
    server.call("POST", "/auth/logout", server.client.ready_trainee(OURS))
    clerk_token = server.staff_token("kiosk1")
    ours = server.client.open_supervision(clerk_token, OURS, device="培训点5号机").json()
    theirs = server.client.open_supervision(server.admin_token(), THEIRS, device="曲靖1号机")
    ours_id, theirs_id = ours["supervision"]["id"], theirs.json()["supervision"]["id"]

    clerk, admin = signed_in(server, "kiosk1"), signed_in(server, "admin")
    assert f'href="{PAGE}"' in clerk.get(server.url + "/console/", timeout=30).text  # menu
    listed = _rows(clerk, server)
    assert "孔一" in listed and ours_id in listed and "曹二" not in listed  # their centre's
    assert "孔一" in (everything := _rows(admin, server)) and "曹二" in everything
    csrf = page_csrf(clerk, server.url + PAGE)
    refused = _end(clerk, server, theirs_id, csrf)  # another centre's
    assert refused.status_code == 403 and "不在您的培训点" in refused.text
    assert "曹二" in _rows(admin, server)
    shot_list(chromium, server, shots / "supervisions.png")  # the admin ends 曹二's
    assert _ended_entries(server, theirs_id) == 1

    # The per-clerk limit (here: what kiosk1 holds now) points to this page.
    settings = server.context.settings
    held, settings.supervisions_per_clerk = settings.supervisions_per_clerk, 1
    try:
        full = server.client.open_supervision(clerk_token, "53290119920607004X")
        assert full.status_code == 409 and full.json()["error"]["code"] == "supervision_limit"
        assert "「监督学习」页面" in full.json()["error"]["message"], full.text

        assert _end(clerk, server, ours_id, "forged").status_code == 403  # no CSRF, no end
        assert ours_id in _rows(clerk, server)

        with ThreadPoolExecutor(2) as pool:  # a double click: two posts at once
            answers = list(pool.map(lambda _: _end(clerk, server, ours_id, csrf), range(2)))
        assert sorted(a.status_code for a in answers) == [200, 200]
        texts = " ".join(a.text for a in answers)
        assert "已结束 孔一" in texts and "已经结束" in texts
        assert _ended_entries(server, ours_id) == 1  # audited once, with the end itself
        assert ours_id not in _rows(clerk, server)

        # The clerk's count went down: the next trainee can start.
        freed = server.client.open_supervision(clerk_token, "53290119920607004X")
        assert freed.status_code == 201, freed.text
        assert server.call("POST", "/auth/logout", freed.json()["token"]).status_code == 204
    finally:
        settings.supervisions_per_clerk = held

    # The kiosk's trainee login ended with it; its further study is credited nothing.
    with server.context.sessions() as db:
        trainee = db.scalars(select(Trainee).where(Trainee.id_number == OURS)).one()
        lesson_id = trainee.enrollments[0].trade.lessons[0].id
    server.clock.advance(seconds=120)  # past the end's 30 s of slack
    event = stretch(ours["session_id"], lesson_id, 0.0, 10.0, server.clock(), None)
    sent = server.call("POST", "/progress", ours["token"], json={"events": [event]})
    assert sent.status_code == 401, sent.text
    # Nor under a login of the trainee's own, claiming the supervised login's time.
    own = server.client.ready_trainee(OURS)
    sent = server.call("POST", "/progress", own, json={"events": [event]})
    assert sent.status_code == 200, sent.text
    result = sent.json()["results"][0]  # the supervised login ended with the supervision
    assert (result["status"], result["reason"]) == ("refused", "after_session_replaced")
    assert server.call("POST", "/auth/logout", own).status_code == 204


def shot_list(browser: Any, server: LiveServer, file: Path) -> None:
    """The page as the administrator sees it, then its 结束监督 pressed for 曹二 (no
    JavaScript: a plain form post), its answer saved beside it."""
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="zh-CN", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(server.url + "/console/login?next=" + PAGE)
        page.fill("#username", "admin")
        page.fill("#password", PASSWORDS["admin"])
        page.click("button:has-text('登录')")
        assert page.url == server.url + PAGE, page.url
        page.screenshot(path=str(file), full_page=True)
        page.click("button[aria-label='结束 曹二 的监督学习']")
        assert re.search("已结束 曹二", page.content())
        page.screenshot(path=str(file.with_name("supervision_ended.png")), full_page=True)
    finally:
        context.close()
