-- "Alice" and "alice" are one account: a second spelling would let two people sign in under
-- names an auditor cannot tell apart.
CREATE UNIQUE INDEX account_name_ignoring_case ON account (lower(name));
