"""The employer portal's own data: the unit's accounts and their roles, and the D02-LT lists a unit prepares and
submits for an officer's review (docs/portal.md)."""
