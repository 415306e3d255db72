package io.psip.gateway.calls;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.psip.call.LegRecord;
import io.psip.gateway.store.CallFilter;
import io.psip.gateway.store.CallStore;
import io.psip.gateway.store.StoreException;
import io.psip.gateway.store.StoreFixture;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.psip.gateway.store.StoreFixture.await;
import static io.psip.gateway.store.StoreFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The recorder's upserts (order kept by the statement), the call store's reads, and closing a node's open legs. */
class PgCallStoreTest {
  private static StoreFixture db;
  private static PgCallRecorder recorder;
  private static CallStore calls;
  private static String alice;
  private static String bob;
  private static final Instant T0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

  @BeforeAll
  static void setUp() {
    db = StoreFixture.create(PgCallStoreTest.class);
    recorder = new PgCallRecorder(db.database.pool());
    calls = db.stores.calls();
    alice = db.newAccount("alice");
    bob = db.newAccount("bob");
  }

  @AfterAll
  static void tearDown() { db.close(); }

  /** A leg of {@code account} on {@code node}: answered 5 s and ended 47 s after its start when those are set. */
  static LegRecord leg(String uuid, String account, String status, boolean answered, boolean ended, String node) {
    return new LegRecord(uuid, "CON-" + uuid, account, UUID.randomUUID().toString(), "inbound", "14155550100",
        "sip:alice@example.com", "sip", status, T0, answered ? T0.plusSeconds(5) : null,
        ended ? T0.plusSeconds(47) : null, ended ? 200 : 0, null, ended && answered ? "user" : null, node);
  }

  static String uuid() { return UUID.randomUUID().toString(); }

  @Test
  void aLegIsWrittenThenUpdatedInPlace() {
    String id = uuid();
    assertThat(await(recorder.write(leg(id, alice, "started", false, false, "n1")))).isTrue();
    assertThat(await(calls.get(alice, id)).status()).isEqualTo("started");
    assertThat(await(recorder.write(leg(id, alice, "answered", true, false, "n1")))).isTrue();
    LegRecord done = leg(id, alice, "completed", true, true, "n1");
    assertThat(await(recorder.write(done))).isTrue();
    assertThat(await(calls.get(alice, id))).isEqualTo(done);
    assertThat(await(calls.get(alice, id)).durationSeconds()).isEqualTo(42);
  }

  @Test
  void aLateOpenStatusNeverReopensAnEndedLegNorMovesBackwards() {
    String id = uuid();
    LegRecord done = leg(id, alice, "completed", true, true, "n1");
    await(recorder.write(done));
    assertThat(await(recorder.write(leg(id, alice, "ringing", false, false, "n1")))).isFalse();
    assertThat(await(recorder.write(leg(id, alice, "answered", true, false, "n1")))).isFalse();
    assertThat(await(recorder.write(leg(id, alice, "failed", false, true, "n1")))).as("the first end wins").isFalse();
    assertThat(await(calls.get(alice, id))).isEqualTo(done);

    String open = uuid();
    await(recorder.write(leg(open, alice, "answered", true, false, "n1")));
    assertThat(await(recorder.write(leg(open, alice, "ringing", false, false, "n1")))).isFalse();
    assertThat(await(recorder.write(leg(open, alice, "started", false, false, "n1")))).isFalse();
    assertThat(await(calls.get(alice, open)).status()).isEqualTo("answered");
  }

  @Test
  void writesSentTogetherEndOnTheLastStatusWhateverOrderTheyRunIn() {
    List<String> ids = new ArrayList<>();
    List<Future<Boolean>> writes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String id = uuid();
      ids.add(id);
      writes.add(recorder.write(leg(id, alice, "started", false, false, "n1")));
      writes.add(recorder.write(leg(id, alice, "ringing", false, false, "n1")));
      writes.add(recorder.write(leg(id, alice, "answered", true, false, "n1")));
      writes.add(recorder.write(leg(id, alice, "completed", true, true, "n1")));
      writes.add(recorder.write(leg(id, alice, "ringing", false, false, "n1"))); // a retransmitted 180, late
    }
    await(Future.join(writes));
    for (String id : ids) assertThat(await(calls.get(alice, id)).status()).as(id).isEqualTo("completed");
  }

  @Test
  void recordNeverThrowsAndLogsAFailedWriteWithTheLegsUuid() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(PgCallRecorder.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      String id = uuid();
      assertThatCode(() -> recorder.record(null)).doesNotThrowAnyException();
      assertThatCode(() -> recorder.record(leg(id, "no-such-account", "started", false, false, "n1")))
          .doesNotThrowAnyException();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (logged.list.stream().noneMatch(e -> e.getFormattedMessage().contains(id)) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(logged.list).anySatisfy(e -> {
        assertThat(e.getLevel()).isEqualTo(Level.WARN);
        assertThat(e.getFormattedMessage()).contains(id).contains("started").contains("not written");
      });
      assertThat(failure(calls.get("no-such-account", id))).isInstanceOf(StoreException.NotFound.class);
    } finally {
      logger.detachAppender(logged);
    }
  }

  @Test
  void anotherAccountsLegIsNotFound() {
    String id = uuid();
    await(recorder.write(leg(id, alice, "started", false, false, "n1")));
    assertThat(failure(calls.get(bob, id))).isInstanceOf(StoreException.NotFound.class);
    assertThat(failure(calls.closeLost(bob, id))).isInstanceOf(StoreException.NotFound.class);
    assertThat(await(calls.list(bob, new CallFilter(null, null, null, "CON-" + id, 0, 10, false))).count()).isZero();
    assertThat(await(calls.list(alice, new CallFilter(null, null, null, "CON-" + id, 0, 10, false))).calls())
        .extracting(LegRecord::uuid).containsExactly(id);
    assertThat(await(calls.get(alice, id)).status()).isEqualTo("started");
  }

  @Test
  void closeOpenEndsOnlyTheOpenLegsOfItsNode() {
    String node = "restart-node";
    String answered = uuid();
    String ringing = uuid();
    String ended = uuid();
    String elsewhere = uuid();
    await(recorder.write(leg(answered, alice, "answered", true, false, node)));
    await(recorder.write(leg(ringing, bob, "ringing", false, false, node)));
    LegRecord done = leg(ended, alice, "busy", false, true, node);
    await(recorder.write(done));
    await(recorder.write(leg(elsewhere, alice, "answered", true, false, "other-node")));
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    assertThat(await(CallRecords.closeOpen(db.database.pool(), node))).isEqualTo(2);

    LegRecord a = await(calls.get(alice, answered));
    assertThat(a.status()).isEqualTo("completed");
    assertThat(a.detail()).isEqualTo(CallRecords.RESTART);
    assertThat(a.disconnectedBy()).isEqualTo("platform");
    assertThat(a.endTime()).isAfterOrEqualTo(before);
    assertThat(a.durationSeconds()).isGreaterThan(0);
    LegRecord r = await(calls.get(bob, ringing));
    assertThat(r.status()).isEqualTo("failed");
    assertThat(r.detail()).isEqualTo(CallRecords.RESTART);
    assertThat(r.disconnectedBy()).isEqualTo("platform");
    assertThat(r.endTime()).isNotNull();
    assertThat(r.durationSeconds()).isZero();
    assertThat(await(calls.get(alice, ended))).isEqualTo(done);
    assertThat(await(calls.get(alice, elsewhere)).ended()).isFalse();
    assertThat(await(CallRecords.closeOpen(db.database.pool(), node))).isZero();
  }

  @Test
  void aReportFromTheOwningNodeReplacesAnInferredEnd() {
    String id = uuid();
    await(recorder.write(leg(id, alice, "answered", true, false, "n2")));
    LegRecord lost = await(calls.closeLost(alice, id));
    assertThat(lost.status()).isEqualTo("completed");
    assertThat(lost.detail()).isEqualTo(CallRecords.LOST);
    assertThat(await(calls.closeLost(alice, id))).as("already closed: unchanged").isEqualTo(lost);

    LegRecord real = leg(id, alice, "completed", true, true, "n2");
    assertThat(await(recorder.write(real))).isTrue();
    assertThat(await(calls.get(alice, id))).isEqualTo(real);
    assertThat(await(recorder.write(leg(id, alice, "ringing", false, false, "n2")))).isFalse();
  }

  @Test
  void anAccountsLegsGoWithIt() {
    String carol = db.newAccount("carol");
    String id = uuid();
    await(recorder.write(leg(id, carol, "started", false, false, "n1")));
    await(db.stores.accounts().delete(carol));
    assertThat(failure(calls.get(carol, id))).isInstanceOf(StoreException.NotFound.class);
  }
}
