"""The exam: its rules, the locked window, the session that journals answers, the result."""
