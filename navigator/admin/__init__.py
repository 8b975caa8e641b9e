"""Admin pages: users and roles, review queue, imports, reports (for now: the audit log)."""
