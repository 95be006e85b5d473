"""EXAM-7: forbidden programs found by name (and on Windows by the version resource a
renamed copy keeps), with real processes: a copy of `sleep` named like the program."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from app.proctor.programs import (
    CATEGORIES,
    Found,
    ProgramWatch,
    load_list,
    match,
    names_for_trainee,
    parse_list,
    running,
    scan,
)
from tests.support.fake_programs import StartProgram

PROGRAMS = load_list()


def test_the_bundled_list_names_what_cheaters_use() -> None:
    # RULES: EXAM-7
    for process, expected in [
        ("ToDesk.exe", "ToDesk"),
        ("SunloginClient.exe", "向日葵远程控制 (Sunlogin)"),
        ("anydesk.exe", "AnyDesk"),
        ("TeamViewer", "TeamViewer"),
        ("rustdesk", "RustDesk"),
        ("mstsc.exe", "远程桌面连接 (mstsc)"),
        ("obs64.exe", "OBS 录屏直播"),
        ("wemeetapp.exe", "腾讯会议 (WeMeet)"),
        ("DingTalk.exe", "钉钉 (DingTalk)"),
        ("Feishu.exe", "飞书 (Lark)"),
        ("Zoom.exe", "Zoom"),
        ("DroidCam.exe", "DroidCam 手机摄像头"),
        ("iVCam.exe", "iVCam 手机摄像头"),
        ("ManyCam.exe", "ManyCam 虚拟摄像头"),
        ("ChatGPT.exe", "ChatGPT"),
    ]:
        program = match(PROGRAMS, process)
        assert program is not None and program.name == expected, process
    assert {p.category for p in PROGRAMS.programs} == set(CATEGORIES)
    for harmless in ("explorer.exe", "cedu.exe", "python", "QQMusic.exe", "ZoomIt64.exe", "sleep"):
        assert match(PROGRAMS, harmless) is None, harmless


def test_a_renamed_copy_is_known_by_its_version_resource() -> None:
    # RULES: EXAM-7: Windows reads these strings from the executable, not its file name
    renamed = {"OriginalFilename": "AnyDesk.exe", "ProductName": "AnyDesk"}
    found = match(PROGRAMS, "notepad2.exe", renamed)
    assert found is not None and found.name == "AnyDesk"
    by_product = match(PROGRAMS, "setup_tmp.exe", {"ProductName": "OBS Studio 30.1.2"})
    assert by_product is not None and by_product.name == "OBS 录屏直播"
    assert match(PROGRAMS, "zoomit64.exe", {"ProductName": "Sysinternals ZoomIt"}) is None
    assert match(PROGRAMS, "x.exe", {"ProductName": "Zoomer Pro"}) is None
    # mstsc's product is Windows itself: only its name counts.
    assert match(PROGRAMS, "x.exe", {"ProductName": "Microsoft® Windows® Operating System"}) is None


def test_the_trainee_is_told_each_program_once_in_chinese() -> None:
    todesk = match(PROGRAMS, "ToDesk")
    obs = match(PROGRAMS, "obs64")
    assert todesk is not None and obs is not None
    found = [
        Found(todesk, 10, "ToDesk"),
        Found(todesk, 11, "ToDesk_Service"),
        Found(obs, 12, "obs64"),
    ]
    assert names_for_trainee(found) == ["ToDesk（远程控制）", "OBS 录屏直播（录屏或共享屏幕）"]


def test_scan_asks_for_version_strings_only_when_the_name_says_nothing() -> None:
    asked: list[str] = []

    def version_of(path: str) -> dict[str, str]:
        asked.append(path)
        return {"OriginalFilename": "ToDesk.exe"} if path.endswith("t.exe") else {}

    processes = [(1, "ToDesk.exe", r"C:\ToDesk\ToDesk.exe"), (2, "t.exe", r"C:\tmp\t.exe"),
                 (3, "ok.exe", r"C:\ok.exe"), (4, "obs64", None), (99, "AnyDesk", None)]
    found = scan(PROGRAMS, processes, version_of, own_pid=99)
    assert [(f.pid, f.program.name) for f in found] == [(1, "ToDesk"), (2, "ToDesk"),
                                                         (4, "OBS 录屏直播")]
    assert asked == [r"C:\tmp\t.exe", r"C:\ok.exe"]


def test_parse_list_refuses_what_it_cannot_use() -> None:
    for bad in (None, [], {"programs": "x"}, {"programs": [1]},
                {"programs": [{"name": "x", "category": "remote", "processes": ["a" * 101]}]},
                {"programs": [{"name": "x", "category": "remote", "processes": ["x"] * 51}]}):
        with pytest.raises(ValueError):
            parse_list(bad)


# ---------------------------------------------------------------- real processes


def wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_running_finds_real_processes_named_like_forbidden_ones(fake_program: StartProgram) -> None:
    # RULES: EXAM-7
    processes = [fake_program(name) for name in ("ToDesk", "obs64", "DroidCam")]
    found = {f.pid: f.program.name for f in running(PROGRAMS)}
    assert {p.pid: found.get(p.pid) for p in processes} == {
        processes[0].pid: "ToDesk",
        processes[1].pid: "OBS 录屏直播",
        processes[2].pid: "DroidCam 手机摄像头",
    }
    for process in processes:
        process.kill()
        process.wait()
    still = {f.pid for f in running(PROGRAMS)}
    assert not still & {p.pid for p in processes}


def test_the_watch_reports_a_program_that_starts_and_ends(fake_program: StartProgram) -> None:
    # RULES: EXAM-7
    changes: list[tuple[list[Found], list[Found]]] = []

    def on_change(started: list[Found], ended: list[Found]) -> None:
        changes.append((started, ended))

    watch = ProgramWatch(PROGRAMS, on_change, interval_s=0.2)
    watch.start(running(PROGRAMS))
    try:
        process = fake_program("ToDesk")
        wait_for(lambda: any(f.pid == process.pid for s, _ in changes for f in s))
        process.kill()
        process.wait()
        wait_for(lambda: any(f.pid == process.pid for _, e in changes for f in e))
    finally:
        watch.stop()
