"""The tests' own layout: shared helpers and fixtures live in tests/support only.

No file under tests imports another test module, a conftest or any other module of
tests outside tests.support (a conftest may import fixtures from tests.support). One test
module importing another runs its module-level code and fixtures twice and ties the two
together; a helper in tests/support has one home.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in the file, relative ones made absolute."""
    package = ".".join(path.relative_to(TESTS.parent).with_suffix("").parts[:-1])
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            if module in ("tests", "tests.support") or not node.module:
                # `from tests import x` / `from . import x`: x is the module imported
                found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
            else:
                found.append((node.lineno, module))
    return found


def test_only_tests_support_is_imported_from_tests() -> None:
    wrong = [
        f"{path.relative_to(TESTS.parent)}:{line}: {module}"
        for path in sorted(TESTS.rglob("*.py"))
        for line, module in imported_modules(path)
        if (module == "tests" or module.startswith("tests."))
        and not (module == "tests.support" or module.startswith("tests.support."))
    ]
    assert not wrong, "import helpers from tests/support only:\n" + "\n".join(wrong)
