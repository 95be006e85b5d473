"""Server settings: command-line flags first, then ``CEDU_*`` environment variables (API.md)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    return Path(user_data_dir("cedu-server", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CEDU_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8765
    data_dir: Path = Field(default_factory=default_data_dir)
    # Default: SQLite in the data dir. A postgresql+psycopg:// URL works the same way.
    database_url: str | None = None
    # Lesson videos; tests share one folder across servers so demo videos are made once.
    media_dir: Path | None = None
    demo: bool = False
    # Shortens every demo lesson to this many seconds (end-to-end tests).
    demo_lesson_seconds: int | None = None

    exam_minutes: int = 120
    exam_attempts: int = 5
    # EXAM-2: how often the server looks for attempts past their deadline.
    exam_sweep_s: float = 5.0
    study_days: int = 30
    face_check_min_s: int = 300
    face_check_max_s: int = 900
    # EXAM-1 + FACE-8: an attempt starts only on a passed exam face check received this
    # long before at most (the server's clock). The client checks right after 考试须知 and
    # starts at once; 5 minutes leave room for a slow rural link and a retried start, and
    # are too short for the person checked to hand the seat to someone else unnoticed.
    exam_check_max_age_s: int = 300
    # dlib distance; see app.proctor.identity for the measured distributions behind 0.58.
    face_match_threshold: float = 0.58
    # The gestures a face challenge picks from at random (comma-separated). Tests driven by
    # the shared face video, which shows a blink and no head turn, set "blink".
    face_gestures: str = "blink,turn_left,turn_right"
    # FACE-3: the server sees the liveness gesture in the crops itself (3 to 12 crops).
    # Off, it takes the client's liveness.passed (clients from before the challenges,
    # which send only eyes-open crops).
    face_liveness_from_crops: bool = True
    # FACE-3: a check whose every crop is a copy of an earlier check's is not live. Off
    # only on a test rig whose "webcam" is a looped clip: the clip's one blink is the same
    # frames every loop, which is exactly a replay (the rule has its own tests).
    face_replay_check: bool = True
    admin_password: str | None = None

    # Signing key for media URLs; made once and kept in the data dir when not given.
    secret_key: str | None = None
    media_url_ttl_s: int = 6 * 3600
    # A token stays valid while it is used; it expires after this long unused.
    token_idle_s: int = 12 * 3600
    order_minutes: int = 30
    fee_yuan: float = 100.0
    max_body_bytes: int = 10 * 1024 * 1024
    # Public holidays for CERT-2's working days; in the environment a JSON list:
    # CEDU_HOLIDAYS='["2027-01-01", "2027-02-16"]'.
    holidays: list[dt.date] = Field(default_factory=list)
    public_url: str | None = None
    # EXAM-7: the programs the exam refuses to run beside, in the format of
    # app/proctor/forbidden_programs.json (the default); served to the clients.
    forbidden_programs_file: Path | None = None
    # Behind nginx: media answers X-Accel-Redirect to this internal location (deploy/nginx)
    # instead of sending the file itself; unset, the server sends the bytes.
    media_accel_prefix: str | None = None
    # Migrations at start-up; off for the server processes of a deployment, where
    # `cedu-server --migrate` runs them once before they start (deploy/README).
    migrate: bool = True
    # Addresses whose X-Forwarded-For is believed (nginx's, e.g. "127.0.0.1"); none unset.
    trusted_proxies: str = ""

    # FACE-8: the enrolled photo and its templates are deleted this many days after the
    # trainee's last enrollment is passed or closed (the daily retention job).
    face_data_retention_days: int = 365
    retention_interval_s: float = 24 * 3600
    # FACE-8: supervised study at the training centre. A supervised session ends by itself
    # after this long (the centre's limit); the centre's name, address and phone are what
    # the client tells a trainee who studies there.
    supervision_max_minutes: int = 240
    # FACE-8: live supervisions one staff member may hold at once. The clerk's supervision
    # replaces the face checks, so it must mean someone watching: a training centre's
    # clerk sits in a room with a few kiosks in sight (a row of 4 is what one person can
    # keep an eye on while still checking each ID card), not a whole hall.
    supervisions_per_clerk: int = 4
    centre_name: str = "继续教育培训点"
    centre_address: str = ""
    centre_phone: str = "0871-63122229"

    @field_validator("face_gestures")
    @classmethod
    def _known_gestures(cls, value: str) -> str:
        names = [name.strip() for name in value.split(",") if name.strip()]
        unknown = set(names) - {"blink", "turn_left", "turn_right"}
        if not names or unknown:
            raise ValueError(f"face_gestures: blink, turn_left, turn_right (got {value!r})")
        return ",".join(names)

    @property
    def gestures(self) -> list[str]:
        return self.face_gestures.split(",")

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'cedu.sqlite3'}"

    @property
    def resolved_media_dir(self) -> Path:
        return self.media_dir or self.data_dir / "media"

    @property
    def base_url(self) -> str:
        return self.public_url or f"http://{self.host}:{self.port}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
