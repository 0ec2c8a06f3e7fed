"""Models of the benefits app."""
