"""Where things sit in a demo lesson frame, shared by both encoders and the tests.

Regions are (x, y, w, h). The tests read pixels from them, so the drawing code places
its text inside them and nowhere else.
"""

WIDTH = 640
HEIGHT = 360
FPS = 25
LABEL_BOX = (0, 0, WIDTH, 40)
TITLE_BOX = (0, 48, WIDTH, 64)
TIMECODE_BOX = (120, 122, 400, 120)
MOVER_BAND = (0, 262, WIDTH, 56)
# Full width, so the ffmpeg overlay can slide the filled part in from the left edge.
PROGRESS_BAR = (0, 342, WIDTH, 10)
BACKGROUND_BGR = (95, 58, 30)  # dark blue; #1e3a5f in RGB
BACKGROUND_HEX = "0x1e3a5f"
