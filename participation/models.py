"""Participation formats, findings and the public survey live here."""
