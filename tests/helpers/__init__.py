"""Functions and constants shared by test modules, one module per topic; fixtures stay in the conftest files.
What the benchmarks share with the tests (content builders, PDFs, Chromium) is in the top-level `testing`
package. A test module never imports another test module or a conftest."""
