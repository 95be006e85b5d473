"""What every request needs: settings, the database, the signing key and the clock.

The clock is the server's alone (EXAM-2: the client's clock plays no part); tests may
replace ``ServerContext.clock`` to move time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.proctor.programs import ProgramList, load_list
from app.server.services.face_work import FaceLimits
from app.server.settings import Settings

# Study periods, working days and certificate dates are calendar days in China (UTC+8,
# no daylight saving), whatever time zone the server machine is set to.
CHINA_TZ = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class ServerContext:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    secret: str
    clock: Callable[[], dt.datetime] = field(default=system_clock)
    forbidden_programs: ProgramList = field(default_factory=load_list)
    face_limits: FaceLimits = field(default_factory=FaceLimits)

    def now(self) -> dt.datetime:
        return self.clock()

    def today(self) -> dt.date:
        return self.now().astimezone(CHINA_TZ).date()
