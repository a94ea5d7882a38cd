"""Talks to NSSF's central API with requests. Imports the core, never the UI. No Qt."""
