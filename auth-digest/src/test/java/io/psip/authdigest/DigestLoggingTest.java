package io.psip.authdigest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.psip.auth.AuthContext;
import io.psip.auth.AuthOutcome;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static io.psip.authdigest.DigestFixture.API_KEY;
import static io.psip.authdigest.DigestFixture.API_SECRET;
import static io.psip.authdigest.DigestFixture.CONNECT_REALM;
import static io.psip.authdigest.DigestFixture.CONNECT_URI;
import static io.psip.authdigest.DigestFixture.NONCE_KEY_B64;
import static io.psip.authdigest.DigestFixture.connect;
import static io.psip.authdigest.DigestFixture.credentials;
import static io.psip.authdigest.DigestFixture.nonce;
import static io.psip.authdigest.DigestFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

/** Every line written at any level during a whole flow, ban included, is free of secrets. */
class DigestLoggingTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger("io.psip.authdigest");
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private Level previous;

  @BeforeEach
  void capture() {
    previous = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    events.start();
    logger.addAppender(events);
  }

  @AfterEach
  void release() {
    logger.detachAppender(events);
    logger.setLevel(previous);
  }

  @Test
  void banIsLoggedOnceWithSourceAndCountsAndNothingSecretEver() {
    DigestFixture fx = new DigestFixture();
    DigestAuthenticator digest = (DigestAuthenticator) new DigestAuthenticatorFactory()
        .create(new AuthContext(null, fx.directory, new JsonObject().put("nonce_key", NONCE_KEY_B64), "psip.test"));
    List<String> secrets = new ArrayList<>(List.of(NONCE_KEY_B64, API_SECRET, "guess-password",
        new String(DigestFixture.NONCE_KEY, java.nio.charset.StandardCharsets.US_ASCII)));
    for (DigestAlgorithm alg : DigestAlgorithm.values()) {
      secrets.add(DigestVerifier.ha1(alg, API_KEY, CONNECT_REALM, API_SECRET));
      secrets.add(DigestVerifier.ha1(alg, API_KEY, CONNECT_REALM, "guess-password"));
    }

    String nonce = nonce(digest.authenticate(request(CONNECT_URI, connect(), "203.0.113.9")).result());
    String good = credentials(DigestAlgorithm.SHA_256, API_KEY, CONNECT_REALM, API_SECRET, nonce, "00000001", CONNECT_URI);
    secrets.add(good.replaceAll(".*response=\"([0-9a-f]+)\".*", "$1"));
    assertThat(digest.authenticate(request(CONNECT_URI, connect(), "198.51.100.1", good)).result())
        .isInstanceOf(AuthOutcome.Admitted.class);
    for (int i = 0; i < 11; i++) {
      String wrong = credentials(DigestAlgorithm.MD5, API_KEY, CONNECT_REALM, "guess-password", nonce, "00000002",
          CONNECT_URI);
      secrets.add(wrong.replaceAll(".*response=\"([0-9a-f]+)\".*", "$1"));
      digest.authenticate(request(CONNECT_URI, connect(), "203.0.113.9", wrong));
    }

    List<ILoggingEvent> warnings = events.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    assertThat(warnings).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
        .isEqualTo("digest: source 203.0.113.9 banned for 300s after 10 authentication failures within 60s "
            + "(last: wrong credentials; 1 bans so far)"));
    assertThat(events.list).hasSizeGreaterThan(10);
    for (ILoggingEvent e : events.list) {
      for (String secret : secrets) assertThat(e.getFormattedMessage()).doesNotContain(secret);
    }
  }
}
