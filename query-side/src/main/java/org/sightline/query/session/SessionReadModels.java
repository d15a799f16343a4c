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
        addCondition(conditions, values, "$%d = ANY (reps)", filter.visibleTo());
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);

        Mono<Long> total = bind(db.sql("SELECT count(*) AS n FROM session_list" + where), values)
                .map(row -> row.get("n", Long.class))
                .one();
        Mono<List<SessionSummary>> items = bind(db.sql("SELECT " + SUMMARY_COLUMNS
                        + " FROM session_list" + where
                        + " ORDER BY started_at DESC, lsid LIMIT " + size
                        + " OFFSET " + ((long) page * size)), values)
                .map(SessionReadModels::summary)
                .all()
                .collectList();
        return Mono.zip(items, total, (found, count) -> new SessionPage(found, page, size, count));
    }

    /** The sessions waiting for a rep, oldest first, in one queue or in all. */
    Flux<SessionSummary> waiting(String queue) {
        String sql = "SELECT " + SUMMARY_COLUMNS + " FROM session_list WHERE owner IS NULL"
                + " AND ended_at IS NULL" + (queue == null ? "" : " AND queue = :queue")
                + " ORDER BY started_at, lsid LIMIT 500";
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql);
        if (queue != null) {
            spec = spec.bind("queue", queue);
        }
        return spec.map(SessionReadModels::summary).all();
    }

    Mono<SessionSummary> session(String lsid) {
        return db.sql("SELECT " + SUMMARY_COLUMNS + " FROM session_list WHERE lsid = :lsid")
                .bind("lsid", lsid)
                .map(SessionReadModels::summary)
                .one();
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
                .defaultIfEmpty(ChainStatus.unchecked(lsid));
    }

    Flux<LogEntry> log(String lsid) {
        return db.sql("SELECT global_index, occurred_at, event_type, event_code, actor, line"
                        + " FROM session_log WHERE lsid = :lsid ORDER BY global_index")
                .bind("lsid", lsid)
                .map(row -> new LogEntry(row.get("global_index", Long.class),
                        instant(row, "occurred_at"), row.get("event_type", String.class),
                        row.get("event_code", Integer.class), row.get("actor", String.class),
                        row.get("line", String.class)))
                .all();
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
