package org.sightline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Read models are disposable: dropped and replayed from the store, they come back equal. */
class ReplayTest extends SightlineIntegrationTest {

    private static final String LOG_ROWS = "SELECT global_index, lsid, occurred_at, event_type,"
            + " event_code, actor, line, content, details::text FROM session_log"
            + " ORDER BY global_index";
    private static final String LIST_ROWS = "SELECT lsid, queue, customer_name, company,"
            + " customer_ip, private_ip, client_kind, started_at, ended_at,"
            + " array_to_string(reps, ',') AS reps, owner FROM session_list ORDER BY lsid";

    @Test
    void rebuildingTheReadModelsGivesIdenticalRows() {
        String rep = newRep("replay-rep");
        String lsid = demo.play(demo.requestSupport("Pia Customer"), rep);
        demo.awaitLogTypes(lsid, rep, Duration.ofSeconds(20));
        await("the session list shows the end", Duration.ofSeconds(20), () -> jdbc.queryForObject(
                "SELECT count(*) FROM session_list WHERE lsid = ? AND ended_at IS NOT NULL",
                Long.class, lsid) == 1);
        List<Map<String, Object>> log = jdbc.queryForList(LOG_ROWS);
        List<Map<String, Object>> list = jdbc.queryForList(LIST_ROWS);

        client.post("/api/admin/read-models/rebuild", null, admin()).expect(202);

        await("the rebuilt log has every row again", Duration.ofSeconds(30),
                () -> jdbc.queryForList(LOG_ROWS).size() >= log.size()
                        && jdbc.queryForList(LIST_ROWS).equals(list));
        assertThat(jdbc.queryForList(LOG_ROWS).subList(0, log.size())).isEqualTo(log);
        assertThat(jdbc.queryForList(LIST_ROWS)).isEqualTo(list);
    }

    @Test
    void aRebuildStartsFromEmptyTables() {
        String admin = admin();
        jdbc.update("INSERT INTO session_log (global_index, lsid, occurred_at, event_type,"
                + " event_code, actor, line) VALUES (-1, ?, now(), 'forged', 0, 'nobody', 'x')",
                "f".repeat(32));

        client.post("/api/admin/read-models/rebuild", null, admin).expect(202);

        await("the forged row is gone", Duration.ofSeconds(30), () -> jdbc.queryForObject(
                "SELECT count(*) FROM session_log WHERE global_index = -1", Long.class) == 0);
    }
}
