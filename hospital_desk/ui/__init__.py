"""The Qt widgets layer: the only package that imports PySide6 (see docs/architecture.md)."""
