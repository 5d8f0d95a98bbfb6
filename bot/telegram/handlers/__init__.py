"""One router per feature; bot.telegram.app assembles them in order."""
