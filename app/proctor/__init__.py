"""Face engine: camera sources, detection, identity, photo checks, liveness, checks."""
