package io.psip.gateway.db;

import io.psip.gateway.Gateway;
import io.psip.gateway.config.InvalidConfigException;
import io.psip.gateway.testing.TestConfigs;
import io.psip.gateway.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A database that cannot be used stops the start with one line naming it, never its password. */
class DatabaseStartFailureTest {
  @TempDir
  Path data;

  @Test
  void anUnreachableDatabase() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Map<String, String> env = TestConfigs.loopbackEnv(data);
    env.put("PSIP_DB_URL", "postgresql://psip:hunter2-password@127.0.0.1:" + closed + "/psip");
    Throwable e = startFailure(env);
    assertThat(e.getMessage()).startsWith("database 127.0.0.1:" + closed + "/psip: ")
        .doesNotContain("hunter2").doesNotContain("\n");
  }

  @Test
  void aDatabaseItMayNotConnectTo() throws Exception {
    String db = TestDatabase.createDatabase("DatabaseStartFailureTest");
    TestDatabase.execute(db, "CREATE ROLE limited LOGIN PASSWORD 'right-password'");
    TestDatabase.execute(db, "REVOKE ALL ON DATABASE " + db + " FROM PUBLIC");
    Map<String, String> env = TestConfigs.loopbackEnv(data);
    env.put("PSIP_DB_URL", "postgresql://limited:right-password@localhost:" + TestDatabase.port() + "/" + db);
    Throwable e = startFailure(env);
    assertThat(e.getMessage()).startsWith("database localhost:" + TestDatabase.port() + "/" + db + ": ")
        .doesNotContain("right-password").doesNotContain("\n");
  }

  @Test
  void aSignatureSecretTooShortForHs256IsRefusedWithoutEchoingIt() {
    Map<String, String> env = TestConfigs.loopbackEnv(data);
    env.put("PSIP_API_SIGNATURE_SECRET", "short-secret");
    assertThatThrownBy(() -> TestConfigs.load(env)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("api.signature_secret: must be empty (generated) or 32 to 256 characters without spaces"
            + " (from PSIP_API_SIGNATURE_SECRET)");
  }

  private static Throwable startFailure(Map<String, String> env) {
    try {
      Gateway g = Gateway.start(TestConfigs.load(env)).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      g.stop();
      throw new AssertionError("the node started");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
