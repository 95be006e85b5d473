"""The end-to-end tests use the client tests' fixtures (server, options, photo, shots)."""

from tests.support.ui_fixtures import (  # noqa: F401  (fixtures)
    client_options,
    enrolled_photo,
    face_video,
    screenshot,
    shots_dir,
    styled_app,
    ui_media_dir,
    ui_server,
)
