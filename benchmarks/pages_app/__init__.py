"""The benchmark-only settings, URLs and middleware of benchmarks/pages.py (never used by the site)."""
