"""The console front door: an interactive chat and a JSON-lines machine mode."""
