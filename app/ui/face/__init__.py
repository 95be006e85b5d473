"""Face checks: the enrolled photo, the check dialog, the silent proctoring checks."""
