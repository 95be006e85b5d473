"""The client's side of API.md: API client, credentials, journal, sender, downloads."""
