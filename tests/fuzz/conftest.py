from tests.support.fault_fixtures import (  # noqa: F401 (fixtures)
    live_server,
    server_process,
    sqlite_server_process,
)
