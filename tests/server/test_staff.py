"""Staff tools: login, password and photo reset, applications review (APPLY-*),
enrollment import and orders (PAY-2). On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
from concurrent.futures import ThreadPoolExecutor

import openpyxl
from sqlalchemy import select

from app.core.ids import make_credit_code
from app.server.context import CHINA_TZ
from app.server.models import Trainee
from tests.support.live_server import LiveServer
from tests.support.server_staff import (
    QIAN,
    SUN,
    ZHANG,
    ZHAO,
    ZHOU,
    enrollment_id,
)

NEW_ID = "110101199003070011"
GOOD_CREDIT = make_credit_code("91530100MA6K12345")


def test_trainee_tokens_get_403_on_every_admin_call(server: LiveServer) -> None:
    token = server.ready_trainee(ZHANG)
    calls = [
        ("GET", "/admin/applications"),
        ("POST", "/admin/applications/1/decision"),
        ("POST", f"/admin/trainees/{ZHANG}/photo-reset"),
        ("POST", f"/admin/trainees/{ZHANG}/password-reset"),
        ("POST", "/admin/enrollments/import"),
        ("POST", "/admin/orders"),
        ("POST", "/admin/orders/x/pay"),
    ]
    for method, path in calls:
        response = server.call(method, path, token, json={"approve": True, "enrollment_ids": [1]})
        assert response.status_code == 403, (path, response.text)
        assert response.json()["error"]["code"] == "forbidden"
    assert server.call("GET", "/admin/applications").status_code == 401


def test_admin_login_refuses_a_wrong_password(server: LiveServer) -> None:
    response = server.call("POST", "/admin/login", json={"username": "admin", "password": "nope"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "bad_credentials"


def test_password_reset_goes_back_to_the_initial_password(server: LiveServer) -> None:
    # RULES: ACC-2
    old = server.ready_trainee(ZHANG, "Anquan2026!")
    admin = server.admin_token()
    assert server.call("POST", f"/admin/trainees/{ZHANG}/password-reset", admin).status_code == 204
    assert server.call("GET", "/me", old).status_code == 401  # sessions ended
    again = server.login(ZHANG, "12345678")
    assert again["must_change_password"] is True
    missing = server.call("POST", f"/admin/trainees/{NEW_ID}/password-reset", admin)
    assert missing.status_code == 404


def test_photo_reset_unlocks_the_enrolled_photo(server: LiveServer) -> None:
    # RULES: FACE-2
    token = server.ready_trainee(ZHANG)
    with server.context.sessions() as db:
        trainee = db.scalars(select(Trainee).where(Trainee.id_number == ZHANG)).one()
        trainee.photo, trainee.photo_embedding = b"jpeg", b"vector"
        trainee.photo_set_at = server.clock()
        db.commit()
    assert server.call("GET", "/me", token).json()["photo"]["status"] == "locked"
    admin = server.admin_token()
    assert server.call("POST", f"/admin/trainees/{ZHANG}/photo-reset", admin).status_code == 204
    assert server.call("GET", "/me", token).json()["photo"]["status"] == "missing"


def test_extension_application_and_approval_opens_a_new_period(server: LiveServer) -> None:
    # RULES: APPLY-1, APPLY-2
    token = server.ready_trainee(QIAN)
    eid = enrollment_id(server, token)
    path = f"/enrollments/{eid}/applications"
    bad_phone = server.call("POST", path, token, json={"kind": "extension", "phone": "12345"})
    assert bad_phone.status_code == 400 and bad_phone.json()["error"]["code"] == "invalid_phone"
    created = server.call(
        "POST",
        path,
        token,
        json={"kind": "extension", "phone": "138 7100 1234", "reason": "工地忙"},
    )
    assert created.status_code == 201, created.text
    application = created.json()
    assert application["status"] == "pending" and application["phone"] == "13871001234"
    again = server.call("POST", path, token, json={"kind": "extension", "phone": "13871001234"})
    assert again.status_code == 409
    assert again.json()["error"]["reason"] == "pending_exists"

    admin = server.admin_token()
    pending = server.call("GET", "/admin/applications?status=pending", admin).json()
    assert [(a["id"], a["id_number"], a["name"]) for a in pending] == [
        (application["id"], QIAN, "钱七")
    ]
    decided = server.call(
        "POST", f"/admin/applications/{application['id']}/decision", admin, json={"approve": True}
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    twice = server.call(
        "POST", f"/admin/applications/{application['id']}/decision", admin, json={"approve": False}
    )
    assert twice.status_code == 409
    study = server.call("GET", "/me", token).json()["enrollments"][0]["study"]
    today = dt.datetime.now(CHINA_TZ).date()
    assert study["open"] is True and study["opens_on"] == today.isoformat()
    assert study["closes_on"] == (today + dt.timedelta(days=29)).isoformat()
    assert server.call("GET", path, token).json()[0]["status"] == "approved"


def test_extension_needs_the_period_to_have_ended(server: LiveServer) -> None:
    # RULES: APPLY-2
    token = server.ready_trainee(ZHANG)
    response = server.call(
        "POST",
        f"/enrollments/{enrollment_id(server, token)}/applications",
        token,
        json={"kind": "extension", "phone": "13871001234"},
    )
    assert response.status_code == 409
    assert response.json()["error"]["reason"] == "study_not_ended"


def test_retake_after_five_failed_attempts_grants_five_more(server: LiveServer) -> None:
    # RULES: APPLY-3
    token = server.ready_trainee(ZHAO)
    eid = enrollment_id(server, token)
    created = server.call(
        "POST",
        f"/enrollments/{eid}/applications",
        token,
        json={"kind": "retake", "phone": "15912345678"},
    )
    assert created.status_code == 201
    admin = server.admin_token()
    server.call(
        "POST",
        f"/admin/applications/{created.json()['id']}/decision",
        admin,
        json={"approve": True, "reason": "同意补考"},
    )
    exam = server.call("GET", "/me", token).json()["enrollments"][0]["exam"]
    assert exam["attempts_allowed"] == 10 and exam["open"] is True


def test_retake_refused_while_attempts_remain_or_after_a_pass(server: LiveServer) -> None:
    # RULES: APPLY-3
    for id_number, reason in ((ZHANG, "attempts_remaining"), (SUN, "passed")):
        token = server.ready_trainee(id_number)
        response = server.call(
            "POST",
            f"/enrollments/{enrollment_id(server, token)}/applications",
            token,
            json={"kind": "retake", "phone": "15912345678"},
        )
        assert response.status_code == 409
        assert response.json()["error"]["reason"] == reason


def test_a_rejection_keeps_its_reason(server: LiveServer) -> None:
    # RULES: APPLY-1
    token = server.ready_trainee(QIAN)
    eid = enrollment_id(server, token)
    created = server.call(
        "POST",
        f"/enrollments/{eid}/applications",
        token,
        json={"kind": "extension", "phone": "13871001234"},
    ).json()
    admin = server.admin_token()
    server.call(
        "POST",
        f"/admin/applications/{created['id']}/decision",
        admin,
        json={"approve": False, "reason": "手机号无法联系"},
    )
    (application,) = server.call("GET", f"/enrollments/{eid}/applications", token).json()
    assert application["status"] == "rejected"
    assert application["decision_reason"] == "手机号无法联系"


IMPORT_ROWS = [
    ["身份证号", "姓名", "工种代码", "证书编号", "证书有效期至", "统一社会信用代码"],
    [NEW_ID, "李四", "AQY", "云建安C(2023)000777", "2027-06-30", GOOD_CREDIT],
    ["110101199003070012", "坏号", "AQY", "X1", "2027-06-30", ""],
    ["110101199003070011", "李四", "AQY", "云建安C(2023)000777", "2027-06-30", GOOD_CREDIT],
    ["530102198001010015", "张三", "XYZ", "X2", "2027-06-30", ""],
    ["530102198001010015", "张三", "SGY", "云建施(2024)000001", "2028-01-31", "91530100MA6K123450"],
    ["530102198001010015", "张三", "SGY", "云建施(2024)000002", "2028-01-31", ""],
    ["", "", "", "", "", ""],
    ["530102199001010079", "周九", "AQY", "云建安C(2022)000009", "31/12/2027", ""],
]


def check_import_result(server: LiveServer, body: dict[str, object]) -> None:
    assert body["created"] == 1 and body["updated"] == 1
    errors = {(e["row"], e["reason"]) for e in body["errors"]}  # type: ignore[attr-defined]
    assert errors == {
        (2, "invalid_id_number"),
        (3, "duplicate"),
        (4, "unknown_trade"),
        (5, "invalid_credit_code"),
        (8, "invalid_date"),
    }
    login = server.login(NEW_ID)  # a new trainee with the initial password
    assert login["must_change_password"] is True and login["trainee"]["name"] == "李四"


def test_import_xlsx_with_an_error_per_bad_row(server: LiveServer) -> None:
    # RULES: PAY-2, ACC-1
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in IMPORT_ROWS:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    admin = server.admin_token()
    response = server.call(
        "POST",
        "/admin/enrollments/import",
        admin,
        files={"file": ("报名.xlsx", stream.getvalue(), "application/octet-stream")},
    )
    assert response.status_code == 200, response.text
    check_import_result(server, response.json())


def test_import_csv_in_gb18030_and_utf8_with_bom(server: LiveServer) -> None:
    # RULES: PAY-2
    text = "\n".join(",".join(row) for row in IMPORT_ROWS) + "\n"
    admin = server.admin_token()
    response = server.call(
        "POST",
        "/admin/enrollments/import",
        admin,
        files={"file": ("import.csv", text.encode("gb18030"), "text/csv")},
    )
    assert response.status_code == 200, response.text
    check_import_result(server, response.json())
    again = server.call(
        "POST",
        "/admin/enrollments/import",
        admin,
        files={"file": ("import.csv", "\ufeff".encode() + text.encode("utf-8"), "text/csv")},
    )
    assert again.json()["created"] == 0 and again.json()["updated"] == 2


def test_import_refuses_other_files_and_missing_columns(server: LiveServer) -> None:
    admin = server.admin_token()
    for name, data, code in [
        ("a.txt", b"hello", "unsupported_file"),
        ("a.xlsx", b"not a zip", "unsupported_file"),
        ("a.csv", b"id_number,name\n1,2\n", "bad_columns"),
        ("a.csv", b"", "bad_columns"),
    ]:
        response = server.call(
            "POST", "/admin/enrollments/import", admin, files={"file": (name, data)}
        )
        assert response.status_code == 400, (name, response.text)
        assert response.json()["error"]["code"] == code


def test_orders_pay_once_and_open_the_study_period(server: LiveServer) -> None:
    # RULES: PAY-2, LEARN-6
    token = server.ready_trainee(ZHOU)
    eid = enrollment_id(server, token)
    admin = server.admin_token()
    order = server.call("POST", "/admin/orders", admin, json={"enrollment_ids": [eid]})
    assert order.status_code == 201
    order_id = order.json()["id"]
    assert order.json()["amount"] > 0
    with ThreadPoolExecutor(8) as pool:
        results = list(
            pool.map(
                lambda _: server.call("POST", f"/admin/orders/{order_id}/pay", admin).status_code,
                range(8),
            )
        )
    assert sorted(results) == [200] + [409] * 7
    enrollment = server.call("GET", "/me", token).json()["enrollments"][0]
    assert enrollment["payment"]["status"] == "paid" and enrollment["study"]["open"] is True
    second = server.call("POST", "/admin/orders", admin, json={"enrollment_ids": [eid]})
    assert second.status_code == 409 and second.json()["error"]["code"] == "already_paid"


def test_an_order_expires_after_thirty_minutes(server: LiveServer) -> None:
    # RULES: PAY-2
    token = server.ready_trainee(ZHOU)
    eid = enrollment_id(server, token)
    admin = server.admin_token()
    first = server.call("POST", "/admin/orders", admin, json={"enrollment_ids": [eid]}).json()
    second = server.call("POST", "/admin/orders", admin, json={"enrollment_ids": [eid]}).json()
    server.clock.advance(minutes=31)
    expired = server.call("POST", f"/admin/orders/{first['id']}/pay", admin)
    assert expired.status_code == 410 and expired.json()["error"]["code"] == "order_expired"
    fresh = server.call("POST", "/admin/orders", admin, json={"enrollment_ids": [eid]}).json()
    assert server.call("POST", f"/admin/orders/{fresh['id']}/pay", admin).status_code == 200
    # The other pending order can no longer pay the same enrollment twice.
    server.clock.advance(minutes=-31)
    late = server.call("POST", f"/admin/orders/{second['id']}/pay", admin)
    assert late.status_code == 409 and late.json()["error"]["code"] == "already_paid"
