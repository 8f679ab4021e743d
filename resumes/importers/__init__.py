"""Importers: files people already have → the plain-data Inventory.

Pure Python (no Django), so every importer is testable without a database.
"""
