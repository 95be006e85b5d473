"""Spoken prompts in Mandarin (issue 16): many trainees read slowly, so the liveness
gestures (请眨眼, 请缓慢向左转头), a face check that comes due and the exam's time warnings
are also said aloud.

The sounds are made at setup and build time by scripts/make_prompts.py (espeak-ng,
voice cmn) into resources/prompts/<id>.wav and played here with Qt's QSoundEffect (low
latency, WAV, every platform). Turned off with `--no-voice` or CEDU_VOICE_PROMPTS=0
(a training room full of kiosks). A missing file or a PC without a sound device is
silent, never an error: the text is on screen anyway.
"""

from __future__ import annotations

import logging

from app.qt import QObject, QSoundEffect, QUrl, Signal, import_deferred
from app.ui.kit.resources import resource_path

log = logging.getLogger(__name__)


class Voice(QObject):
    said = Signal(str)  # the prompt id handed to Qt to play (tests, diagnostics)

    def __init__(self, enabled: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self._effects: dict[str, QSoundEffect] = {}

    def say(self, prompt_id: str) -> bool:
        """Play the prompt; False when voice is off or the sound is not there."""
        if not self.enabled:
            return False
        effect = self._effect(prompt_id)
        if effect is None:
            return False
        effect.stop()  # the same prompt again starts from its beginning
        effect.play()  # a sound still loading plays once loaded
        self.said.emit(prompt_id)
        return True

    def _effect(self, prompt_id: str) -> QSoundEffect | None:
        if prompt_id not in self._effects:
            path = resource_path("prompts", f"{prompt_id}.wav")
            if not path.is_file():
                log.warning("no spoken prompt %s (run scripts/make_prompts.py)", path)
                return None
            import_deferred()
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            self._effects[prompt_id] = effect
        return self._effects[prompt_id]
