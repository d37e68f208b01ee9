"""Arenas: forms by area (import the submodules)."""
