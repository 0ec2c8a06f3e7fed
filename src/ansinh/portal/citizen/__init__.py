"""The citizen portal's self-service: activation and password reset by one-time code, notifications, online
requests (dossiers), payment references. See docs/portal.md."""
