"""Playback behind one interface (libvlc, Qt Multimedia), the guard and the tracker.

What the lesson window uses:

- `lesson_player.LessonPlayer`: the video with LEARN-2/3/4 and FACE-5 holds enforced;
  `open_lesson(url, session_id=, lesson_id=, duration_s=, resume_s=, frontier_s=,
  face_check_id=)`, `play`, `pause`, `request_seek`, `set_frontier`, `reload` (after
  `media_forbidden`), `pause_for_check` / `release_check`; signals `progress_event`
  (a `tracker.ProgressEvent`: hand `to_payload()` to the journal), `guard_notice`,
  `seek_refused`, `state_changed`, `error`.
- `controls.PlayerControls`: the play button, the position bar and the time.
- `self_check.check_playback`: the video line of the device self-check.
- `tracker` and `guard` are Qt-free; `factory.create_backend` picks the engine.

Nothing is imported here, so the Qt-free modules stay importable on their own.
"""
