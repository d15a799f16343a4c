-- Appends :events chat events to the event store, in streams of :per_stream events each, as
-- fast as one INSERT can: the chain trigger links every one of them as it would in use.
-- Payloads are chat lines of about 150 bytes, metadata about 100, like real ones; times are
-- now, a microsecond apart (the append guard refuses times far from the database clock).
-- Parameters (replaced before it runs): :events, :per_stream, :run.
INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                              metadata, payload, payloadtype, timestamp)
SELECT lsid, seq, 'SupportSession', md5(:run || '-' || n),
       convert_to('{"traceId":"' || md5('t' || n) || '","correlationId":"' || md5('c' || n)
                  || '"}', 'UTF8'),
       convert_to('{"lsid":"' || lsid || '","author":{"kind":"CUSTOMER","name":"Bench'
                  || ' Customer"},"text":"benchmark chat line ' || n || ' of the verification'
                  || ' run, long enough to look like a real one"}', 'UTF8'),
       'org.sightline.contracts.session.ChatMessagePosted',
       to_char((now() AT TIME ZONE 'UTC') + n * interval '1 microsecond',
               'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
FROM (SELECT n, md5(:run || '-stream-' || (n / :per_stream)) AS lsid,
             n % :per_stream AS seq
      FROM generate_series(0, :events - 1) AS n) AS generated
ORDER BY lsid, seq;
