"""Array type names used across the face engine (images are uint8 HxWx3, vectors float)."""

from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]
ImageArray = npt.NDArray[np.uint8]
Vector = npt.NDArray[np.float64]
