"""guard: the objects that decide what the WAF nodes do (domains, certificates, policies, rules)."""
