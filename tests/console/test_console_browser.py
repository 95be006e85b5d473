"""The staff console in a real headless Chromium, JavaScript off (the pages must work
without it): a reviewer approves 赵六's retake and 钱七's extension, a clerk resets 张三's
photo, an admin imports a file with good and bad rows, makes and pays an order, exports
the passed trainees and reads the audit log. Screenshots of every page go to
$CEDU_SHOTS_DIR/console. And the API docs render with the network cut."""

from __future__ import annotations

import io
import urllib.parse
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import select

from app.server.models import Trainee
from tests.support.console import PASSWORDS
from tests.support.live_server import LiveServer

ZHANG, ZHAO, QIAN, SUN = (
    "530102198001010015",
    "53290119920607004X",
    "530302196909300057",
    "530102198505050061",
)
LI_SI = "110101199003070011"
FORMULA_NAME = '=HYPERLINK("http://evil.example","孙八")'
IMPORT_CSV = (
    "身份证号,姓名,工种代码,证书编号,证书有效期至\n"
    f"{LI_SI},李四,AQY,云建安C(2023)000777,2027-06-30\n"
    "110101199003070012,坏号,AQY,X1,2027-06-30\n"
    "110101199003070038,王小二,XYZ,X2,2027-06-30\n"
    "110101199003070038,王小二,SGY,X3,31/12/2027\n"
)


class Shots:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def take(self, page: Any, name: str) -> None:
        self.count += 1
        page.screenshot(path=str(self.folder / f"{self.count:02d}-{name}.png"), full_page=True)


def sign_in(browser: Any, server: LiveServer, username: str, shots: Shots) -> tuple[Any, Any]:
    # 1366x768: the training centres' usual screen. No JavaScript: none is needed.
    context = browser.new_context(
        viewport={"width": 1366, "height": 768},
        locale="zh-CN",
        java_script_enabled=False,
        accept_downloads=True,
    )
    page = context.new_page()
    page.goto(server.url + "/console/")
    assert "/console/login" in page.url
    page.fill("#username", username)
    page.fill("#password", PASSWORDS[username])
    if username == "admin":
        shots.take(page, "sign-in")
    page.click("button:has-text('登录')")
    assert page.url == server.url + "/console/", page.url
    return context, page


def pending_application(server: LiveServer, id_number: str, kind: str) -> tuple[str, int]:
    token = server.ready_trainee(id_number)
    enrollment = server.call("GET", "/me", token).json()["enrollments"][0]["id"]
    created = server.call(
        "POST",
        f"/enrollments/{enrollment}/applications",
        token,
        json={"kind": kind, "phone": "13871001234", "reason": "工地忙，没赶上"},
    )
    assert created.status_code == 201, created.text
    return token, int(created.json()["id"])


def test_staff_console_journey_in_chromium(
    console_server: LiveServer, chromium: Any, shots: Path
) -> None:
    server = console_server
    shot = Shots(shots)
    zhao_token, zhao_app = pending_application(server, ZHAO, "retake")
    qian_token, qian_app = pending_application(server, QIAN, "extension")
    with server.context.sessions() as db:
        zhang = db.scalars(select(Trainee).where(Trainee.id_number == ZHANG)).one()
        zhang.photo, zhang.photo_embedding, zhang.photo_set_at = b"jpeg", b"vector", server.clock()
        sun = db.scalars(select(Trainee).where(Trainee.id_number == SUN)).one()
        sun.name = FORMULA_NAME  # as an old import may have stored it
        db.commit()

    # A reviewer approves 赵六's retake and 钱七's extension, both at once.
    context, page = sign_in(chromium, server, "shen", shot)
    shot.take(page, "reviewer-dashboard")
    page.click("nav >> text=申请审核")
    page.check(f"#app-{zhao_app}")
    page.check(f"#app-{qian_app}")
    page.fill("#reason", "同意")
    shot.take(page, "applications")
    page.click("button:has-text('批准所选')")
    assert "确认批准以下 2 份申请" in page.inner_text("h1")
    shot.take(page, "applications-confirm")
    page.click("button:has-text('确认批准')")
    assert page.inner_text("table").count("已批准") == 2
    shot.take(page, "applications-done")
    context.close()
    exam = server.call("GET", "/me", zhao_token).json()["enrollments"][0]["exam"]
    assert exam["attempts_allowed"] == 10 and exam["open"] is True
    study = server.call("GET", "/me", qian_token).json()["enrollments"][0]["study"]
    assert study["open"] is True and study["opens_on"] == server.context.today().isoformat()

    # A clerk finds 张三 and resets his photo, with a reason.
    context, page = sign_in(chromium, server, "kiosk1", shot)
    page.fill("#q", "张三")
    page.click("button:has-text('查找')")
    shot.take(page, "trainee-search")
    page.click(f"a[href='/console/trainees/{ZHANG}']")
    shot.take(page, "trainee-page")
    page.click("text=重置照片")
    page.fill("#reason", "   ")  # no real reason: refused in plain words
    page.click("button:has-text('确认重置照片')")
    assert "请填写原因" in page.inner_text(".refusal")
    page.fill("#reason", "学员来电：照片拍错了")
    shot.take(page, "photo-reset-confirm")
    page.click("button:has-text('确认重置照片')")
    assert "已重置照片" in page.inner_text("h1")
    shot.take(page, "photo-reset-done")
    context.close()
    zhang_token = server.ready_trainee(ZHANG)
    assert server.call("GET", "/me", zhang_token).json()["photo"]["status"] == "missing"

    # An admin imports good and bad rows: each bad row's reason in the preview.
    context, page = sign_in(chromium, server, "admin", shot)
    shot.take(page, "admin-dashboard")
    page.click("nav >> text=导入报名")
    shot.take(page, "import")
    page.set_input_files(
        "#file", files=[{"name": "报名.csv", "mimeType": "text/csv", "buffer": IMPORT_CSV.encode()}]
    )
    page.click("button:has-text('预览')")
    assert page.inner_text("#created") == "1" and page.inner_text("#bad") == "3"
    errors = page.inner_text("#errors")
    for reason in ("身份证号", "没有这个工种代码：XYZ", "YYYY-MM-DD"):
        assert reason in errors, errors
    shot.take(page, "import-preview")
    page.click("button:has-text('确认导入')")
    assert "新建 1 个报名" in page.inner_text(".notice")
    shot.take(page, "import-done")

    # An order for 李四's new enrollment, made and paid.
    page.click("nav >> text=订单缴费")
    row = page.locator("tr", has_text=LI_SI)
    row.locator("input[type=checkbox]").check()
    shot.take(page, "orders")
    page.click("button:has-text('为所选报名生成订单')")
    shot.take(page, "order-confirm")
    page.click("button:has-text('确认生成订单')")
    assert "订单" in page.inner_text(".notice")
    page.click("text=返回订单列表")
    page.click("a:has-text('确认缴费')")
    shot.take(page, "pay-confirm")
    page.click("button:has-text('确认已收款')")
    assert "已缴费" in page.inner_text(".notice")
    li_token = server.ready_trainee(LI_SI)
    payment = server.call("GET", "/me", li_token).json()["enrollments"][0]["payment"]
    assert payment["status"] == "paid"

    # The passed-trainee export: the right rows, no live formula.
    page.click("nav >> text=导出")
    page.fill("#first", "2000-01-01")
    shot.take(page, "exports")
    with page.expect_download() as download:
        page.click("form[action='/console/exports/passed.xlsx'] button")
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = workbook.active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "身份证号"
    assert [(r[0], r[1]) for r in rows[1:]] == [(SUN, "'" + FORMULA_NAME)]
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)

    # The audit log lists all of it.
    page.click("nav >> text=操作记录")
    log = page.inner_text("#audit")
    for who, what, whom in (
        ("shen", "批准申请", ZHAO),
        ("shen", "批准申请", QIAN),
        ("kiosk1", "重置照片", ZHANG),
        ("admin", "导入报名", "报名.csv"),
        ("admin", "生成订单", ""),
        ("admin", "确认缴费", ""),
        ("admin", "导出", "passed"),
    ):
        assert any(
            who in line and what in line and whom in line for line in log.splitlines()
        ), (who, what, whom)
    assert "学员来电：照片拍错了" in log
    shot.take(page, "audit")
    page.goto(server.url + "/console/audit?action=photo_reset")
    assert "重置照片" in page.inner_text("#audit") and "批准申请" not in page.inner_text("#audit")
    for path, name in (
        ("/console/staff", "staff"),
        ("/console/staff/shen/disable", "staff-disable-confirm"),
        ("/console/password", "password"),
        (f"/console/trainees/{ZHANG}/password-reset", "password-reset-confirm"),
        ("/console/trainees/110101199003070099", "refusal"),
    ):
        page.goto(server.url + path)
        shot.take(page, name)
    page.click("button:has-text('退出')")
    assert "/console/login" in page.url
    context.close()


def test_api_docs_render_for_staff_with_the_network_cut(
    console_server: LiveServer, chromium: Any, shots: Path
) -> None:
    server = console_server
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    outside: list[str] = []
    local = urllib.parse.urlsplit(server.url).netloc

    def cut(route: Any) -> None:
        if urllib.parse.urlsplit(route.request.url).netloc == local:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", cut)
    page = context.new_page()
    page.goto(server.url + "/api/v1/docs")
    assert "/console/login" in page.url  # staff only
    page.fill("#username", "shen")
    page.fill("#password", PASSWORDS["shen"])
    page.click("button:has-text('登录')")
    assert page.url == server.url + "/api/v1/docs"
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert "cedu API" in page.title() or page.locator(".swagger-ui .info").count() == 1
    page.screenshot(path=str(shots / "docs-offline.png"))
    assert outside == []
    context.close()
