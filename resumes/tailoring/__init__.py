"""The tailoring engine: pure functions over plain data, no Django imports.

Importers produce an `Inventory`, the Django models convert to and from one, and the
engine reads one beside a posting's text to plan a résumé.
"""
