"""The chart module: analytics queries, the attack-event search and exports, over the event store."""
