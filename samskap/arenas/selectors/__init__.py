"""Arenas: selectors by area (import the submodules)."""
