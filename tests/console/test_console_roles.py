"""Console pages by role (the table in app/server/roles.py), CSRF on every form,
security headers on pages and JSON, and who may read the API docs."""

from __future__ import annotations

import requests

from tests.support.console import page_csrf, signed_in
from tests.support.live_server import LiveServer

ZHANG = "530102198001010015"
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
                purpose="random",
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
    token = console_server.ready_trainee("530302196909300057")  # 钱七
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
