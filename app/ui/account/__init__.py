"""Signing in: the login screen and the password change."""
