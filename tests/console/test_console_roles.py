"""Console pages by role (the table in app/server/roles.py), CSRF on every form,
security headers on pages and JSON, and who may read the API docs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import requests

from app.server.context import CHINA_TZ
from tests.support.console import page_csrf, screenshot, signed_in
from tests.support.live_server import LiveServer

ZHANG = "530102198001010015"
WANG5 = "532501198811200037"  # 王五
PAGES = {
    # page: (admin, reviewer, clerk) shown (True) or refused 403 (False)
    "/console/": (True, True, True),
    "/console/trainees?q=张": (True, True, True),
    f"/console/trainees/{ZHANG}": (True, True, True),
    f"/console/trainees/{ZHANG}/photo-reset": (True, False, True),
    f"/console/trainees/{ZHANG}/password-reset": (True, False, True),
    "/console/applications": (True, True, False),
    "/console/import": (True, False, False),
    "/console/orders": (True, False, False),
    "/console/exports": (True, False, False),
    "/console/exports/progress.xlsx": (True, False, False),
    "/console/audit": (True, False, False),
    "/console/audit.xlsx": (True, False, False),
    "/console/face-data-deletions": (True, False, False),
    "/console/supervisions": (True, False, True),
    "/console/staff": (True, False, False),
    "/console/password": (True, True, True),
    "/api/v1/docs": (True, True, True),
}


def test_every_console_page_is_shown_or_refused_as_the_role_table_says(
    console_server: LiveServer,
) -> None:
    sessions = [signed_in(console_server, name) for name in ("admin", "shen", "kiosk1")]
    for path, allowed in PAGES.items():
        for http, may in zip(sessions, allowed, strict=True):
            answer = http.get(console_server.url + path, allow_redirects=False, timeout=30)
            assert answer.status_code == (200 if may else 403), (path, answer.status_code)
            if not may:
                assert "您的角色不能使用这个页面" in answer.text
    # A clerk cannot approve, even by posting the form directly.
    clerk = sessions[2]
    csrf = page_csrf(clerk, console_server.url + "/console/")
    answer = clerk.post(
        console_server.url + "/console/applications/decide",
        data={"csrf": csrf, "ids": "1", "decision": "approve"},
        timeout=30,
    )
    assert answer.status_code == 403


def test_the_signed_out_and_trainees_get_the_sign_in_page(console_server: LiveServer) -> None:
    trainee = console_server.ready_trainee("530102199001010079")
    for cookies in ({}, {"cedu_staff": trainee}, {"cedu_staff": "forged"}):
        for path in ("/console/", "/console/staff", "/api/v1/docs"):
            answer = requests.get(
                console_server.url + path, cookies=cookies, allow_redirects=False, timeout=30
            )
            assert answer.status_code == 303, (path, cookies)
            assert answer.headers["location"].startswith("/console/login?next=")
    docs_data = requests.get(console_server.url + "/api/v1/openapi.json", timeout=30)
    assert docs_data.status_code == 200  # the contract itself stays public (API.md)


def test_every_form_needs_its_csrf_token(console_server: LiveServer) -> None:
    admin = signed_in(console_server, "admin")
    for path, data in (
        (f"/console/trainees/{ZHANG}/photo-reset", {"reason": "x"}),
        ("/console/orders", {"ids": "1"}),
        ("/console/staff", {"username": "x", "role": "clerk", "password": "aaaa-bbbb-1234"}),
        ("/console/logout", {}),
    ):
        for csrf in (None, "forged"):
            body = dict(data, **({"csrf": csrf} if csrf else {}))
            answer = admin.post(
                console_server.url + path, data=body, allow_redirects=False, timeout=30
            )
            assert answer.status_code == 403, (path, csrf, answer.status_code)
    # the sign-in form too: no double-submit cookie, no sign-in
    answer = requests.post(
        console_server.url + "/console/login",
        data={"username": "admin", "password": "test-admin-password", "csrf": "x"},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 403 and "cedu_staff" not in answer.cookies


def test_security_headers_on_pages_and_json(console_server: LiveServer) -> None:
    admin = signed_in(console_server, "admin")
    page = admin.get(console_server.url + f"/console/trainees/{ZHANG}", timeout=30)
    health = requests.get(console_server.api + "/health", timeout=30)
    for answer in (page, health):
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["X-Frame-Options"] == "DENY"
        assert answer.headers["Cache-Control"] == "no-store"
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src" not in policy  # the console runs no script at all
    cookie = next(c for c in admin.cookies if c.name == "cedu_staff")
    assert cookie.has_nonstandard_attr("HttpOnly")


def test_failed_checks_show_their_evidence_while_it_is_kept(console_server: LiveServer) -> None:
    # RULES: FACE-7
    from sqlalchemy import select

    from app.server.models import FaceCheck, FaceEvidence, Trainee

    wang = "530102199001010079"
    now = console_server.clock()
    with console_server.context.sessions() as db:
        trainee_id = db.scalars(select(Trainee.id).where(Trainee.id_number == wang)).one()
        db.add(
            FaceCheck(
                id="console-failed-check",
                trainee_id=trainee_id,
                purpose="periodic",
                started_at=now,
                ended_at=now,
                received_at=now,
                passed=False,
                reason="mismatch",
            )
        )
        db.flush()
        evidence = FaceEvidence(
            check_id="console-failed-check", image=b"\xff\xd8crop", created_at=now
        )
        db.add(evidence)
        db.commit()
        evidence_id = evidence.id
    clerk = signed_in(console_server, "kiosk1")
    page = clerk.get(console_server.url + f"/console/trainees/{wang}", timeout=30)
    assert "未通过" in page.text and f"/console/evidence/{evidence_id}" in page.text
    assert "<td>学习中途</td>" in page.text and "periodic" not in page.text  # words, not codes
    crop = clerk.get(console_server.url + f"/console/evidence/{evidence_id}", timeout=30)
    assert crop.status_code == 200 and crop.content == b"\xff\xd8crop"
    assert crop.headers["Cache-Control"] == "no-store"
    with console_server.context.sessions() as db:  # deleted after 30 days (FACE-7)
        db.delete(db.get(FaceEvidence, evidence_id))
        db.commit()
    gone = clerk.get(console_server.url + f"/console/evidence/{evidence_id}", timeout=30)
    assert gone.status_code == 404 and "30天" in gone.text
    assert (
        requests.get(
            console_server.url + f"/console/evidence/{evidence_id}",
            timeout=30,
            allow_redirects=False,
        ).status_code
        == 303
    )


def test_a_clerk_sees_and_helps_only_their_centres_trainees(console_server: LiveServer) -> None:
    other = "110101199003070062"  # 赵小曲, imported into centre QJ02
    csv = (
        "身份证号,姓名,工种代码,证书编号,证书有效期至,培训点代码\n"
        f"{other},赵小曲,AQY,C9,2027-06-30,qj02\n"
    )
    admin_token = console_server.admin_token()
    imported = console_server.call(
        "POST", "/admin/enrollments/import", admin_token, files={"file": ("qj.csv", csv.encode())}
    )
    assert imported.status_code == 200 and imported.json()["created"] == 1, imported.text
    clerk = signed_in(console_server, "kiosk1")  # centre KM01, the demo trainees' one
    found = clerk.get(console_server.url + "/console/trainees?q=赵", timeout=30).text
    assert "赵六" in found and "赵小曲" not in found
    page = clerk.get(console_server.url + f"/console/trainees/{other}", timeout=30)
    assert page.status_code == 403 and "不在您的培训点" in page.text
    clerk_token = console_server.staff_token("kiosk1")
    refused = console_server.call("POST", f"/admin/trainees/{other}/photo-reset", clerk_token)
    assert refused.status_code == 403
    supervisions = f"/admin/trainees/{other}/supervisions"
    assert console_server.call("GET", supervisions, clerk_token).status_code == 403
    own = console_server.call("GET", "/admin/trainees/53290119920607004X/supervisions", clerk_token)
    assert own.status_code == 200, own.text
    admin = signed_in(console_server, "admin")
    shown = admin.get(console_server.url + f"/console/trainees/{other}", timeout=30)
    assert shown.status_code == 200 and "培训点 QJ02" in shown.text
    assert (
        console_server.call("POST", f"/admin/trainees/{other}/photo-reset", admin_token).status_code
        == 204
    )


def test_supervised_study_applications_are_named_in_the_review_queue(
    console_server: LiveServer,
) -> None:
    # RULES: FACE-8, APPLY-1
    token = console_server.client.ready_trainee("530302196909300057")  # 钱七, maybe ready
    consent = {"agree": False, "text_version": "test"}
    assert console_server.call("POST", "/me/consents", token, json=consent).status_code == 201
    enrollment_id = console_server.call("GET", "/me", token).json()["enrollments"][0]["id"]
    applied = console_server.call(
        "POST", f"/enrollments/{enrollment_id}/applications", token,
        json={"kind": "supervised_study", "phone": "13812345678", "reason": "看不见"},
    )
    assert applied.status_code == 201, applied.text
    http = signed_in(console_server, "admin")
    page = http.get(console_server.url + "/console/applications", timeout=30)
    assert page.status_code == 200 and "人工核验" in page.text


def test_the_trainee_page_names_the_clerk_of_every_supervised_session(
    console_server: LiveServer, chromium: Any, shots: Path
) -> None:
    # RULES: FACE-8. A real supervision by the clerk kiosk1: a lesson credited under it.
    from sqlalchemy import select

    from app.server.models import Trainee
    from tests.support.faults import stretch

    server = console_server
    server.call("POST", "/auth/logout", server.client.ready_trainee(ZHANG))
    with server.context.sessions() as db:
        trainee = db.scalars(select(Trainee).where(Trainee.id_number == ZHANG)).one()
        lesson = trainee.enrollments[0].trade.lessons[0]
        lesson_id, duration = lesson.id, lesson.duration_s
    clerk_token = server.staff_token("kiosk1")
    begin = server.clock()
    started = server.client.open_supervision(clerk_token, ZHANG, device="培训点2号机")
    assert started.status_code == 201, started.text
    body = started.json()
    clerk = signed_in(server, "kiosk1")
    running = clerk.get(server.url + f"/console/trainees/{ZHANG}", timeout=30).text
    assert "人工核验（有人监督学习）记录" in running and "进行中" in running
    server.clock.advance(seconds=duration + 5)
    events, position = [], 0.0
    while position < duration:
        end = min(position + 10.0, duration)
        ended_at = begin + dt.timedelta(seconds=end + 1)
        events.append(stretch(body["session_id"], lesson_id, position, end, ended_at, None))
        position = end
    sent = server.call("POST", "/progress", body["token"], json={"events": events})
    assert {r["status"] for r in sent.json()["results"]} == {"credited"}, sent.text
    supervision_id = body["supervision"]["id"]
    ended = server.call("POST", f"/supervision/sessions/{supervision_id}/end", clerk_token)
    assert ended.status_code == 200, ended.text
    for http in (clerk, signed_in(server, "shen")):  # the clerk's own centre; a reviewer
        page = http.get(server.url + f"/console/trainees/{ZHANG}", timeout=30)
        assert page.status_code == 200
        table = page.text.split('id="supervisions"', 1)[1].split("</table>", 1)[0]
        assert "kiosk1" in table and "昆明市五华区培训点" in table and "培训点2号机" in table
        assert "工作人员结束" in table and "进行中" not in table
        minutes, seconds = divmod(int(duration), 60)
        assert f"{minutes} 分 {seconds} 秒" in table
        started_cn = begin.astimezone(CHINA_TZ).strftime("%Y年%m月%d日 %H:%M")
        assert started_cn in table  # Beijing time, as the rest of the console
    screenshot(chromium, server, "kiosk1", f"/console/trainees/{ZHANG}", shots / "supervised.png")


def test_a_withdrawal_shows_on_the_face_data_deletions_page(
    console_server: LiveServer, chromium: Any, shots: Path
) -> None:
    # RULES: FACE-8
    from sqlalchemy import select

    from app.server.models import Trainee

    server = console_server
    token = server.client.ready_trainee(WANG5)
    server.consent(token)
    with server.context.sessions() as db:  # as an enrolled photo leaves it (no face engine)
        trainee = db.scalars(select(Trainee).where(Trainee.id_number == WANG5)).one()
        trainee.photo, trainee.photo_embedding = b"\xff\xd8photo", b"template"
        trainee.photo_set_at = server.clock()
        db.commit()
    withdrawn = {"agree": False, "text_version": "test"}
    assert server.call("POST", "/me/consents", token, json=withdrawn).status_code == 201
    with server.context.sessions() as db:  # a photo from before, that staff then reset
        trainee = db.scalars(select(Trainee).where(Trainee.id_number == WANG5)).one()
        trainee.photo, trainee.photo_set_at = b"\xff\xd8photo", server.clock()
        db.commit()
    reset = server.call("POST", f"/admin/trainees/{WANG5}/photo-reset", server.admin_token())
    assert reset.status_code == 204, reset.text
    admin = signed_in(server, "admin")
    assert "/console/face-data-deletions" in admin.get(server.url + "/console/", timeout=30).text
    page = admin.get(server.url + "/console/face-data-deletions", timeout=30)
    assert page.status_code == 200
    rows = page.text.split('id="deletions"', 1)[1].split("</table>", 1)[0].split("<tr>")
    row = next(r for r in rows if "学员撤回同意" in r)
    assert "532501********0037" in row and "王*" in row and row.count("已删除") == 2
    row = next(r for r in rows if "工作人员重置照片" in r)
    assert "532501********0037" in row and row.count("已删除") == 1
    assert WANG5 not in page.text  # whose, masked (CERT-1)
    for clerk_or_reviewer in ("kiosk1", "shen"):
        menu = signed_in(server, clerk_or_reviewer).get(server.url + "/console/", timeout=30)
        assert "/console/face-data-deletions" not in menu.text
    screenshot(chromium, server, "admin", "/console/face-data-deletions", shots / "deletions.png")


def test_the_trainee_page_says_how_each_attempts_trainee_was_verified(
    console_server: LiveServer, chromium: Any, shots: Path
) -> None:
    # RULES: EXAM-1, FACE-8. One attempt on a real exam face check, one under kiosk1.
    from tests.support.exam_start import start_exam

    server, sun = console_server, "530102198505050061"  # 孙八: attempts left
    token = str(server.client.ready_login(sun)["token"])
    checked = start_exam(server.api, token, server.client.first_enrollment(token))
    assert server.call("POST", f"/attempts/{checked['id']}/abandon", token).status_code == 200
    opened = server.client.open_supervision(server.staff_token("kiosk1"), sun, device="培训点3号机")
    assert opened.status_code == 201, opened.text
    kiosk_token = opened.json()["token"]
    enrollment_id = server.client.first_enrollment(kiosk_token)
    supervised = server.call("POST", f"/enrollments/{enrollment_id}/attempts", kiosk_token)
    assert supervised.status_code == 201, supervised.text
    assert server.call("POST", "/auth/logout", kiosk_token).status_code == 204
    page = signed_in(server, "shen").get(server.url + f"/console/trainees/{sun}", timeout=30)
    assert page.status_code == 200
    rows = {
        row.split("</td>", 1)[0]: row
        for row in page.text.split("<td>第 ")[1:]  # one per attempt
    }
    assert "人脸识别通过" in rows[f"{checked['number']} 次"]
    assert "工作人员核验身份证：kiosk1" in rows[f"{supervised.json()['number']} 次"]
    assert "未记录" in rows["1 次"]  # the demo's attempts from before the start was checked
    screenshot(chromium, server, "shen", f"/console/trainees/{sun}", shots / "attempt_identity.png")


def test_each_export_is_in_the_audit_log_and_an_empty_order_is_refused_in_words(
    console_server: LiveServer,
) -> None:
    from sqlalchemy import select

    from app.server.models import AuditEntry

    admin, url = signed_in(console_server, "admin"), console_server.url
    for path in ("/console/exports/passed.xlsx", "/console/exports/progress.xlsx"):
        assert admin.get(url + path, timeout=30).status_code == 200
    assert admin.get(url + "/console/audit.xlsx", timeout=30).status_code == 200
    with console_server.context.sessions() as db:
        noted = db.scalars(
            select(AuditEntry.target).where(
                AuditEntry.action == "export", AuditEntry.staff_username == "admin"
            )
        ).all()
    assert {"passed", "progress", "audit"} <= set(noted)
    csrf = page_csrf(admin, url + "/console/orders")
    answer = admin.post(url + "/console/orders/confirm", data={"csrf": csrf}, timeout=30)
    assert answer.status_code == 400 and "请先勾选要缴费的报名。" in answer.text
    assert "<h1>未缴费的报名</h1>" in answer.text  # the orders page, shown again
