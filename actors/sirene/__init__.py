"""The national register of enterprises (INSEE's Sirene) as a source of the directory: its published stock files
(`layout.py`), their labels (`labels.py`), a streaming reader (`reader.py`), the import (`importer.py`), the
territory portrait it feeds (`portrait.py`) and files in the same layout for tests and benchmarks (`sample.py`).
"""
