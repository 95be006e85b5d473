"""Staff roles and what each may do: the one table every console page and admin call
asks (`allows`). A new permission or page adds a row here, not a check in a router."""

from __future__ import annotations

ADMIN = "admin"  # province administrator: everything
REVIEWER = "reviewer"  # applications; trainees read-only
CLERK = "clerk"  # training-centre clerk: trainees, resets, kiosk help

ROLE_NAMES = {ADMIN: "省级管理员", REVIEWER: "审核员", CLERK: "培训点工作人员"}
ROLES = tuple(ROLE_NAMES)

PERMISSIONS: dict[str, frozenset[str]] = {
    "dashboard.view": frozenset({ADMIN, REVIEWER, CLERK}),
    "trainees.view": frozenset({ADMIN, REVIEWER, CLERK}),
    "trainees.reset": frozenset({ADMIN, CLERK}),
    "applications.view": frozenset({ADMIN, REVIEWER}),
    "applications.decide": frozenset({ADMIN, REVIEWER}),
    "enrollments.import": frozenset({ADMIN}),
    "orders.manage": frozenset({ADMIN}),
    "exports.read": frozenset({ADMIN}),
    "audit.read": frozenset({ADMIN}),
    # FACE-8: what withdrawal, the retention job and photo resets deleted of face data.
    "face_deletions.read": frozenset({ADMIN}),
    "staff.manage": frozenset({ADMIN}),
    "docs.read": frozenset({ADMIN, REVIEWER, CLERK}),
    # FACE-8: open and end a trainee's supervised session at a training centre's kiosk.
    "supervision.run": frozenset({ADMIN, CLERK}),
}


def allows(role: str, permission: str) -> bool:
    return role in PERMISSIONS[permission]
