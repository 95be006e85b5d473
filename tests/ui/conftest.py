"""The client tests' fixtures (server, options, photo, style, shots, 王五 signed in or in
the locked exam): tests/support/ui_fixtures.py; fake forbidden programs: fake_programs.py;
the camera-less kiosk a clerk signs trainees in on: kiosk.py."""

from tests.support.fake_programs import fake_program  # noqa: F401  (fixture)
from tests.support.kiosk import kiosk  # noqa: F401  (fixture)
from tests.support.ui_fixtures import (  # noqa: F401  (fixtures)
    begin_wang_wus_exam,
    client_contexts,
    client_options,
    enrolled_photo,
    face_video,
    host,
    screenshot,
    shots_dir,
    sign_in_wang_wu,
    styled_app,
    ui_media_dir,
    ui_server,
)
