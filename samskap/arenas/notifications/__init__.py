"""Arenas: e-mails by area, each in its recipient's language (import the submodules)."""
