"""Project-wide helpers that are no Django app and import no app: the lowest layer, importable from every app."""
