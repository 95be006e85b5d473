"""PyInstaller runtime hook: mediapipe without matplotlib, before any of cedu's code runs.

Any `import mediapipe...` runs mediapipe/__init__.py, which imports every solution
module and beside them the two drawing helpers (drawing_utils imports matplotlib.pyplot
at import). cedu never draws landmarks, so the spec leaves matplotlib out (with its
fonts, kiwisolver and contourpy: ~20 MB of the bundle and a font cache built at the
first start), and the two drawing modules are registered here as stand-ins: mediapipe's
own import then finds them loaded, and any use of them says why they are missing.
"""

import sys
import types


class _LeftOutOfBundle(types.ModuleType):
    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        raise ImportError(
            f"{self.__name__}.{name}: mediapipe's drawing helpers are not in the cedu bundle "
            "(they need matplotlib, which cedu does not ship)"
        )


for _name in ("drawing_utils", "drawing_styles"):
    _module = f"mediapipe.python.solutions.{_name}"
    sys.modules.setdefault(_module, _LeftOutOfBundle(_module))
