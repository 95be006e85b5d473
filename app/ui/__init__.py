"""The desktop client: PySide6 windows and dialogs (the only layer that builds widgets)."""
