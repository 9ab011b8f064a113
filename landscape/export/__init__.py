"""Exports that carry their evidence: CSV, XLSX, PPTX, PNG and SVG. Pure: no streamlit."""
