"""Compliance rules: administrative fines for late payment and evasion, the Penal Code thresholds, the deadlines
and legal bases of the detection rules (see docs/compliance.md)."""
