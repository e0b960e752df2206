"""The sys module: identity (login, sessions, users, roles, API keys), tenants (OEMs, branding),
settings and the audit log."""
