"""Demo content for `cedu-server --demo`: question banks, course recipes, lesson videos."""
