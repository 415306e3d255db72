package io.psip.gateway.calls;

import io.psip.call.LegRecord;
import io.psip.gateway.store.CallFilter;
import io.psip.gateway.store.CallStore;
import io.psip.gateway.store.StoreFixture;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.psip.gateway.calls.PgCallStoreTest.leg;
import static io.psip.gateway.calls.PgCallStoreTest.uuid;
import static io.psip.gateway.store.StoreFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Batched call records: every leg lands in its latest state, many changes cost few transactions, memory is bounded. */
class BatchingCallRecorderTest {
  private static StoreFixture db;
  private static Vertx vertx;
  private static PgCallRecorder writer;
  private static CallStore calls;
  private static String alice;

  @BeforeAll
  static void setUp() {
    db = StoreFixture.create(BatchingCallRecorderTest.class);
    vertx = Vertx.vertx();
    writer = new PgCallRecorder(db.database.pool());
    calls = db.stores.calls();
    alice = db.newAccount("alice");
  }

  @AfterAll
  static void tearDown() {
    await(vertx.close());
    db.close();
  }

  @Test
  void eachLegLandsInItsLatestStateAfterADrain() {
    BatchingCallRecorder recorder = new BatchingCallRecorder(vertx, writer, 50, 100, 10_000);
    try {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        String id = uuid();
        ids.add(id);
        recorder.record(leg(id, alice, "started", false, false, "n1"));
        recorder.record(leg(id, alice, "answered", true, false, "n1"));
        recorder.record(leg(id, alice, "completed", true, true, "n1"));
      }
      await(recorder.drain());
      assertThat(recorder.pending()).isZero();
      for (String id : List.of(ids.get(0), ids.get(499), ids.get(999))) {
        LegRecord r = await(calls.get(alice, id));
        assertThat(r.status()).isEqualTo("completed");
        assertThat(r.durationSeconds()).isEqualTo(42);
      }
      assertThat(await(calls.list(alice, new CallFilter(null, null, null, null, 0, 100, true))).count())
          .isGreaterThanOrEqualTo(1_000);
    } finally {
      recorder.close();
    }
  }

  @Test
  void pastTheBoundNewLegsAreDroppedNotQueued() {
    BatchingCallRecorder recorder = new BatchingCallRecorder(vertx, writer, 60_000, 1_000, 10);
    try {
      for (int i = 0; i < 25; i++) recorder.record(leg(uuid(), alice, "started", false, false, "n2"));
      assertThat(recorder.pending()).isEqualTo(10);
      await(recorder.drain());
      assertThat(recorder.pending()).isZero();
    } finally {
      recorder.close();
    }
  }
}
