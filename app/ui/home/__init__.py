"""The home screen, its enrollment cards, help, applications and the study-hours receipt."""
