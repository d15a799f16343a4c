package org.sightline.query.session;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads the session list and session log read models over R2DBC. */
@Component
class SessionReadModels {

    private static final String SUMMARY_COLUMNS = "lsid, queue, customer_name, company,"
            + " customer_ip, private_ip, client_kind, started_at, ended_at, reps, owner,"
            + " legal_hold, content_expired_at";

    private final DatabaseClient db;

    SessionReadModels(DatabaseClient db) {
        this.db = db;
    }

    Mono<SessionPage> find(SessionFilter filter, int page, int size) {
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        addCondition(conditions, values, "started_at >= $%d", filter.from());
        addCondition(conditions, values, "started_at < $%d", filter.to());
        addCondition(conditions, values, "$%d = ANY (reps)", filter.rep());
        addCondition(conditions, values, "customer_ip = $%d", filter.customerIp());
        if (!filter.visibility().seesAll()) {
            values.add(filter.visibility().rep());
            values.add(filter.visibility().queues().toArray(String[]::new));
            conditions.add("($" + (values.size() - 1) + " = ANY (reps) OR queue = ANY ($"
                    + values.size() + "))");
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);

        Mono<Long> total = bind(db.sql("SELECT count(*) AS n FROM session_list" + where), values)
                .map(row -> row.get("n", Long.class))
                .one()
                .transform(SessionReadModels::whole);
        Mono<List<SessionSummary>> items = bind(db.sql("SELECT " + SUMMARY_COLUMNS
                        + " FROM session_list" + where
                        + " ORDER BY started_at DESC, lsid LIMIT " + size
                        + " OFFSET " + ((long) page * size)), values)
                .map(SessionReadModels::summary)
                .all()
                .collectList()
                .transform(SessionReadModels::whole);
        return Mono.zip(items, total, (found, count) -> new SessionPage(found, page, size, count));
    }

    /**
     * The sessions waiting for a rep, oldest first, in one queue or in all that the caller
     * sees.
     */
    Flux<SessionSummary> waiting(String queue, Visibility visibility) {
        String sql = "SELECT " + SUMMARY_COLUMNS + " FROM session_list WHERE owner IS NULL"
                + " AND ended_at IS NULL" + (queue == null ? "" : " AND queue = :queue")
                + (visibility.seesAll() ? "" : " AND queue = ANY (:queues)")
                + " ORDER BY started_at, lsid LIMIT 500";
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql);
        if (queue != null) {
            spec = spec.bind("queue", queue);
        }
        if (!visibility.seesAll()) {
            spec = spec.bind("queues", visibility.queues().toArray(String[]::new));
        }
        return spec.map(SessionReadModels::summary).all().transform(SessionReadModels::whole);
    }

    record Place(Integer position, int waiting) {
    }

    /** The session's place among those waiting in its queue, and how many wait there. */
    Mono<Place> queuePosition(SessionSummary session) {
        return db.sql("SELECT count(*) AS waiting, count(*) FILTER (WHERE started_at < :started"
                        + " OR (started_at = :started AND lsid < :lsid)) AS ahead"
                        + " FROM session_list WHERE queue = :queue AND owner IS NULL"
                        + " AND ended_at IS NULL")
                .bind("started", session.startedAt().atOffset(ZoneOffset.UTC))
                .bind("lsid", session.lsid())
                .bind("queue", session.queue())
                .map(row -> {
                    int waiting = row.get("waiting", Long.class).intValue();
                    boolean waits = session.owner() == null && session.endedAt() == null;
                    return new Place(waits ? row.get("ahead", Long.class).intValue() + 1 : null,
                            waiting);
                })
                .one()
                .transform(SessionReadModels::whole);
    }

    /**
     * An open invitation: the session runs and the invited rep has not joined it (or been
     * handed it) since; a rep who left may be invited again.
     */
    record Invitation(String lsid, String by, Instant at, String queue, String customerName) {
    }

    Flux<Invitation> invitations(String rep) {
        return db.sql("SELECT l.lsid, l.details->>'by' AS by, l.occurred_at, s.queue,"
                        + " s.customer_name FROM session_log l JOIN session_list s"
                        + " ON s.lsid = l.lsid WHERE l.event_type = 'session.rep.invited'"
                        + " AND l.details->>'rep' = :rep AND s.ended_at IS NULL"
                        + " AND NOT EXISTS (SELECT 1 FROM session_log j WHERE j.lsid = l.lsid"
                        + " AND j.global_index > l.global_index AND (j.event_type ="
                        + " 'session.rep.joined' AND j.details->>'rep' = :rep"
                        + " OR j.event_type = 'session.transferred'"
                        + " AND j.details->>'toRep' = :rep)) ORDER BY l.global_index")
                .bind("rep", rep)
                .map(row -> new Invitation(row.get("lsid", String.class),
                        row.get("by", String.class), instant(row, "occurred_at"),
                        row.get("queue", String.class), row.get("customer_name", String.class)))
                .all()
                .transform(SessionReadModels::whole);
    }

    /** Whether a console session has signed out. */
    Mono<Boolean> signedOut(String consoleLsid) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM session_log WHERE lsid = :lsid"
                        + " AND event_type = 'console.logout') AS out")
                .bind("lsid", consoleLsid)
                .map(row -> Boolean.TRUE.equals(row.get("out", Boolean.class)))
                .one()
                .transform(SessionReadModels::whole);
    }

    /** The value a setting was last given, from the configuration events in the log. */
    Mono<String> setting(String name) {
        return db.sql("SELECT details->>'newValue' AS value FROM session_log"
                        + " WHERE event_type = 'config.changed' AND details->>'setting' = :name"
                        + " ORDER BY global_index DESC LIMIT 1")
                .bind("name", name)
                .map(row -> row.get("value", String.class))
                .one()
                .transform(SessionReadModels::whole);
    }

    Mono<SessionSummary> session(String lsid) {
        return db.sql("SELECT " + SUMMARY_COLUMNS + " FROM session_list WHERE lsid = :lsid")
                .bind("lsid", lsid)
                .map(SessionReadModels::summary)
                .one()
                .transform(SessionReadModels::whole);
    }

    Mono<ChainStatus> chainStatus(String lsid) {
        return db.sql("SELECT verified, head_seq, checkpoint_id, problem, checked_at"
                        + " FROM chain_status WHERE lsid = :lsid")
                .bind("lsid", lsid)
                .map(row -> new ChainStatus(lsid,
                        Boolean.TRUE.equals(row.get("verified", Boolean.class))
                                ? "verified" : "failed",
                        row.get("head_seq", Long.class), row.get("checkpoint_id", Long.class),
                        row.get("problem", String.class), instant(row, "checked_at")))
                .one()
                .transform(SessionReadModels::whole)
                .defaultIfEmpty(ChainStatus.unchecked(lsid));
    }

    Flux<LogEntry> log(String lsid) {
        return logAfter(lsid, Long.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** The log's entries after a position, at most {@code limit} of them. */
    Flux<LogEntry> logAfter(String lsid, long position, int limit) {
        return db.sql("SELECT global_index, occurred_at, event_type, event_code, actor, line,"
                        + " details::text AS details FROM session_log"
                        + " WHERE lsid = :lsid AND global_index > :after"
                        + " ORDER BY global_index LIMIT :limit")
                .bind("lsid", lsid)
                .bind("after", position)
                .bind("limit", limit)
                .map(row -> new LogEntry(row.get("global_index", Long.class),
                        instant(row, "occurred_at"), row.get("event_type", String.class),
                        row.get("event_code", Integer.class), row.get("actor", String.class),
                        row.get("line", String.class), row.get("details", String.class)))
                .all()
                .transform(SessionReadModels::whole);
    }

    /**
     * Runs a query to its end even when its reader goes away. Cancelling an R2DBC query in
     * flight (a page closed, a stream reset) can leave its pooled connection never released,
     * and once the pool is used up every read hangs. Detached, the query finishes, its
     * connection goes back, and only the answer is dropped.
     */
    private static <T> Mono<T> whole(Mono<T> query) {
        return Mono.fromFuture(query::toFuture, true);
    }

    private static <T> Flux<T> whole(Flux<T> query) {
        return whole(query.collectList()).flatMapIterable(rows -> rows);
    }

    private static void addCondition(List<String> conditions, List<Object> values,
            String condition, Object value) {
        if (value == null) {
            return;
        }
        values.add(value);
        conditions.add(String.format(condition, values.size()));
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec,
            List<Object> values) {
        DatabaseClient.GenericExecuteSpec bound = spec;
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            bound = bound.bind(i,
                    value instanceof Instant at ? at.atOffset(ZoneOffset.UTC) : value);
        }
        return bound;
    }

    private static SessionSummary summary(Readable row) {
        String[] reps = row.get("reps", String[].class);
        return new SessionSummary(row.get("lsid", String.class), row.get("queue", String.class),
                row.get("customer_name", String.class), row.get("company", String.class),
                row.get("customer_ip", String.class), row.get("private_ip", String.class),
                row.get("client_kind", String.class), instant(row, "started_at"),
                instant(row, "ended_at"), reps == null ? List.of() : Arrays.asList(reps),
                row.get("owner", String.class), Boolean.TRUE.equals(row.get("legal_hold",
                        Boolean.class)), instant(row, "content_expired_at"));
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
