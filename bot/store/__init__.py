"""What the bot keeps, in SQLite: the least it can, pseudonymised and scrubbed."""
