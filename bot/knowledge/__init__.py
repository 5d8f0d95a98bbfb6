"""The associations' files: the model, the loader and its checks, the easy-to-read lint,
careful edits, translators' PO files and moderators' suggestions."""
