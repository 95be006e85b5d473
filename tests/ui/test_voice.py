"""Spoken prompts (issue 16): made by scripts/make_prompts.py at setup (espeak-ng, voice
cmn), checked with sox, played through Qt to a real PulseAudio null sink; the exam's
time warnings and a due face check call them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
PROMPTS = REPO / "resources" / "prompts"


def _texts() -> dict[str, str]:
    table = json.loads((PROMPTS / "prompts.json").read_text(encoding="utf-8"))
    return {key: value for key, value in table.items() if not key.startswith("_")}


def _sox_stat(path: Path) -> dict[str, float]:
    report = subprocess.run(
        ["sox", str(path), "-n", "stat"], capture_output=True, text=True, check=True, timeout=30
    ).stderr
    stats = {}
    for line in report.splitlines():
        name, _, value = line.partition(":")
        try:
            stats[" ".join(name.split())] = float(value)
        except ValueError:
            continue
    return stats


def test_the_prompts_exist_after_setup_and_are_spoken_mandarin() -> None:
    """Each sound lasts as long as its Chinese syllables take to say (espeak's Mandarin
    voice: one syllable a character; a voice falling back to spelling letters or
    "Chinese letter" would be far longer or a beep far shorter) and is audible."""
    for prompt_id, text in _texts().items():
        path = PROMPTS / f"{prompt_id}.wav"
        assert path.is_file(), f"{path} missing: scripts/setup runs scripts/make_prompts.py"
        stats = _sox_stat(path)
        info = subprocess.run(["soxi", str(path)], capture_output=True, text=True, check=True)
        assert "Sample Rate    : 22050" in info.stdout and "Channels       : 1" in info.stdout
        syllables = sum(1 for char in text if "\u4e00" <= char <= "\u9fff") + sum(
            1 for char in text if char.isdigit()
        )
        per_syllable = stats["Length (seconds)"] / syllables
        assert 0.2 < per_syllable < 0.7, (prompt_id, per_syllable)
        assert stats["RMS amplitude"] > 0.03, (prompt_id, stats)  # speech, not silence
        assert 0.6 < stats["Maximum amplitude"] <= 0.72, (prompt_id, stats)  # normalised
    assert not subprocess.run(
        ["git", "ls-files", "resources/prompts/*.wav"], cwd=REPO, capture_output=True, text=True
    ).stdout, "the sounds are build output, never committed"


@pytest.fixture
def null_sink(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A private PulseAudio with one null sink: a real audio device that plays to nothing."""
    if shutil.which("pulseaudio") is None:
        pytest.fail("pulseaudio is missing: scripts/setup installs it")
    runtime = tmp_path / "pulse-runtime"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "HOME": str(tmp_path)}
    server = subprocess.Popen(
        ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disable-shm=yes",
         "--load=module-null-sink sink_name=cedu_null", "--load=module-native-protocol-unix"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        socket = runtime / "pulse" / "native"
        for _ in range(100):
            if socket.exists():
                break
            server.wait(timeout=0.1) if server.poll() is not None else None
            subprocess.run(["sleep", "0.1"], check=True)
        assert socket.exists(), "pulseaudio did not start"
        yield env
    finally:
        server.terminate()
        server.wait(timeout=10)


PLAY = textwrap.dedent(
    """
    import sys
    from app.qt import QApplication, QTimer
    from app.ui.kit.voice import Voice
    app = QApplication([])
    voice = Voice(enabled=True)
    seen = []
    assert voice.say("blink")
    effect = voice._effects["blink"]
    effect.playingChanged.connect(lambda: seen.append(effect.isPlaying()))
    def check():
        if seen[-2:] == [True, False]:
            print("played", effect.status().name, flush=True)
            app.quit()
    timer = QTimer(); timer.timeout.connect(check); timer.start(50)
    QTimer.singleShot(20000, lambda: (print("status", effect.status().name, seen), app.quit()))
    app.exec()
    """
)


def test_a_prompt_plays_through_qt_to_a_null_sink(null_sink: dict[str, str]) -> None:
    env = {**null_sink, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PLAY], cwd=REPO, env=env, capture_output=True, text=True,
        timeout=60,
    )
    assert "played Ready" in done.stdout, done.stdout + done.stderr[-2000:]


def test_voice_off_says_nothing(qapp: Any) -> None:
    from app.ui.kit.voice import Voice

    assert Voice(enabled=False).say("blink") is False
    assert Voice(enabled=True).say("no_such_prompt") is False


def test_the_exam_countdown_speaks_as_it_passes_ten_minutes(qapp: Any, qtbot: Any) -> None:
    from app.qt import QWidget
    from app.ui.exam.exam_countdown import ExamCountdown

    host = QWidget()
    qtbot.addWidget(host)
    countdown = ExamCountdown(host)
    with qtbot.waitSignal(countdown.warning, timeout=5000) as spoken:
        countdown.start({"remaining_s": 600.8})  # type: ignore[typeddict-item]
    assert spoken.args == ["exam_10_minutes"]
    countdown.stop()
    resumed = ExamCountdown(host)  # a resumed attempt already below: no warning
    seen: list[str] = []
    resumed.warning.connect(seen.append)
    resumed.start({"remaining_s": 590.0})  # type: ignore[typeddict-item]
    qtbot.wait(1500)
    assert seen == []
    resumed.stop()


def test_a_due_check_calls_the_trainee_back_until_they_are(qapp: Any, qtbot: Any) -> None:
    # RULES: FACE-5
    from app.qt import QWidget
    from app.ui.kit.attention import AttentionCall

    lesson, other = QWidget(), QWidget()
    qtbot.addWidget(lesson)
    qtbot.addWidget(other)
    lesson.show()
    lesson.showMinimized()
    other.show()
    other.activateWindow()
    said: list[int] = []
    call = AttentionCall(lesson, lambda: said.append(1), repeat_s=0.2)
    call.start()
    assert said == [1] and not lesson.isMinimized() and lesson.isVisible()
    other.activateWindow()  # the trainee is in another program
    qtbot.waitUntil(lambda: len(said) >= 3, timeout=5000)
    lesson.activateWindow()  # back
    qtbot.waitUntil(lesson.isActiveWindow, timeout=5000)
    qtbot.wait(600)
    count = len(said)
    qtbot.wait(600)
    assert len(said) == count
    call.stop()


def test_the_trainee_turns_the_spoken_prompts_off_on_the_home_page(
    styled_app: Any, qtbot: Any, tmp_path: Path
) -> None:
    """The switch is on the home page (issue 16), kept on this PC, never on a kiosk, and
    not offered where the command line turned the prompts off."""
    from dataclasses import replace

    from app.ui.home.home import HomePage
    from app.ui.kit.context import AppContext
    from app.ui.kit.options import ClientOptions

    options = ClientOptions(server_url="http://127.0.0.1:1", data_dir=tmp_path / "pc")
    ctx = AppContext(options, options.server_url)
    home = HomePage(ctx)
    qtbot.addWidget(home)
    home.voice_box.setChecked(True)
    assert ctx.voice().enabled
    home.voice_box.setChecked(False)
    assert not ctx.voice().enabled and not ctx.voice().say("blink")
    assert not AppContext(options, options.server_url).voice().enabled  # kept on this PC

    kiosk = AppContext(replace(options, kiosk=True, data_dir=tmp_path / "kiosk"))
    kiosk.set_voice(False)
    assert not kiosk.voice().enabled
    assert not (tmp_path / "kiosk").exists()  # nothing written
    kiosk.end_session(tell_server=False)
    assert kiosk.voice().enabled  # the next trainee starts with the prompts on

    silent = HomePage(AppContext(replace(options, voice_prompts=False)))
    qtbot.addWidget(silent)
    assert silent.voice_box.isHidden()
