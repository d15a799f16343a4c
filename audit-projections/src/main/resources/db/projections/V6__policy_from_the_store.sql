-- The retention job reads the policy in force from the event store: a read model replayed
-- during a rebuild holds each past policy in turn, and expiring under one of those would
-- destroy content early, for good.
DROP TABLE retention_policy;
