"""Readers of files sent to the agency, validated whole: `d02lt` (employer declarations, XLSX or XML) and
`bank_statement` (bank statements, CSV or XLSX)."""
