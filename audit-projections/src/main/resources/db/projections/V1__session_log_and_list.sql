-- Read models: disposable, rebuilt from the event store by replaying it (DESIGN.md rule 3).

-- One row per event of every session, support or console, in the order the store holds
-- them. occurred_at is the event's UTC time cut to milliseconds.
CREATE TABLE session_log (
    global_index BIGINT       NOT NULL PRIMARY KEY,
    lsid         CHAR(32)     NOT NULL,
    occurred_at  TIMESTAMPTZ  NOT NULL,
    event_type   VARCHAR(64)  NOT NULL,
    event_code   INTEGER      NOT NULL,
    actor        VARCHAR(300) NOT NULL,
    line         TEXT         NOT NULL
);
CREATE INDEX session_log_by_lsid ON session_log (lsid, global_index);

-- One row per support session. reps lists every rep who took part, in order of arrival.
CREATE TABLE session_list (
    lsid          CHAR(32)     NOT NULL PRIMARY KEY,
    queue         VARCHAR(64)  NOT NULL,
    customer_name VARCHAR(300) NOT NULL,
    company       VARCHAR(300),
    customer_ip   VARCHAR(45)  NOT NULL,
    private_ip    VARCHAR(45),
    client_kind   VARCHAR(16)  NOT NULL,
    started_at    TIMESTAMPTZ  NOT NULL,
    ended_at      TIMESTAMPTZ,
    reps          TEXT[]       NOT NULL DEFAULT '{}'
);
CREATE INDEX session_list_by_start ON session_list (started_at DESC, lsid);
CREATE INDEX session_list_by_customer_ip ON session_list (customer_ip);
CREATE INDEX session_list_by_rep ON session_list USING GIN (reps);
