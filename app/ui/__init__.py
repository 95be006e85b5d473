"""PySide6 windows and dialogs: the only place that builds widgets."""
