"""Everything that reads members' text: normalising, places, intents, crisis phrases."""
