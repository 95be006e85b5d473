"""What every screen uses: context, options, background work, errors, words, widgets, style."""
