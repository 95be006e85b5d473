"""Playback behind one interface (libvlc, Qt Multimedia), the guard and the tracker."""
