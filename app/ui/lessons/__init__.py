"""Studying: the lesson list, the lesson window and its panel, downloads for offline study."""
