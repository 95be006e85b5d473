"""Face detection cases shared by the face engine tests."""

from __future__ import annotations

# In this one the second person is half a face, out of focus, cut by the right border:
# neither mediapipe model (down to confidence 0.2) nor dlib's HOG (upsampled twice) sees
# it, so it counts as one face. The photo check still refuses it (background_not_white).
MULTI_SEEN_AS_ONE = {"dlib_Tom_Cruise_avp_2014_4.jpg"}
