"""The node module: WAF nodes, node groups, enrollment tokens, node IPs, node ACL policies, and
the agent-facing endpoints (registration, config long-poll, heartbeat, log shipping)."""
