"""zcloud: the automation client. It speaks only the public REST API, with an API key."""
