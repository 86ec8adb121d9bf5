"""Inspection photos: uploads checked by content, stripped of metadata, stored content-addressed."""
