"""Fetching sources: shared machinery (HTTP, declarations, release saving) and one recipe per kind.

`registry` maps each kind to its recipe module; `tracker.schedule` runs them.
"""
