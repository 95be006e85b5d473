from tests.support.fault_fixtures import (  # noqa: F401 (fixtures)
    database_url,
    live_server,
    pg_cluster,
    server_process,
    sqlite_server_process,
)
