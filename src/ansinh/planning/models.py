"""Models of the planning app."""
