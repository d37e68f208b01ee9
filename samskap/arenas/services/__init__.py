"""Arenas: services by area (import the submodules)."""
