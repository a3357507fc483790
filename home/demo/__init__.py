"""Demo content of the whole site, built from the report of the Occitanie club of 30 November 2023 (`load_demo`,
idempotent): pages of every type, actors, documents, and the information pages every French public site must
have (`information_pages.py`)."""
