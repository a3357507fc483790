"""Support shared by the tests (tests/) and the benchmarks (bench/), never imported by the site: builders of
content (factories), small PDFs (pdfs), the demo and corpus loaded for relevance (demo_corpus), Debian's
headless Chromium (chromium). Helpers that only tests use live in tests/helpers/; fixtures in the conftest files."""
