package io.psip.authdigest;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static io.psip.authdigest.NonceService.Verdict.INVALID;
import static io.psip.authdigest.NonceService.Verdict.STALE;
import static io.psip.authdigest.NonceService.Verdict.VALID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NonceServiceTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
  private static final String REALM = "acme.sip.example.com";
  private final FakeClock clock = new FakeClock();
  private final NonceService nonces = new NonceService(KEY, clock, NonceService.DEFAULT_LIFETIME);

  @Test
  void freshNonceIsValidAndWellFormed() {
    String n = nonces.issue(REALM);
    assertThat(n).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(DigestCredentialsParser.isToken(n)).isTrue();
    assertThat(nonces.verify(n, REALM)).isEqualTo(VALID);
  }

  @Test
  void nonceIsUnique() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) assertThat(seen.add(nonces.issue(REALM))).isTrue();
  }

  @Test
  void anyNodeWithTheKeyVerifies() {
    NonceService otherNode = new NonceService(KEY.clone(), clock, NonceService.DEFAULT_LIFETIME);
    assertThat(otherNode.verify(nonces.issue(REALM), REALM)).isEqualTo(VALID);
    NonceService otherKey = new NonceService("fedcba9876543210fedcba9876543210".getBytes(), clock,
        NonceService.DEFAULT_LIFETIME);
    assertThat(otherKey.verify(nonces.issue(REALM), REALM)).isEqualTo(INVALID);
  }

  @Test
  void staleAfterTheLifetimeInvalidNeverBecomesStale() {
    String n = nonces.issue(REALM);
    clock.advance(Duration.ofSeconds(300));
    assertThat(nonces.verify(n, REALM)).isEqualTo(VALID);
    clock.advance(Duration.ofSeconds(1));
    assertThat(nonces.verify(n, REALM)).isEqualTo(STALE);
    assertThat(nonces.verify(n, "other.sip.example.com")).as("a stale nonce of another realm").isEqualTo(INVALID);
    clock.advance(Duration.ofDays(3650));
    assertThat(nonces.verify(n, REALM)).isEqualTo(STALE);
  }

  @Test
  void configurableLifetime() {
    NonceService shortLived = new NonceService(KEY, clock, Duration.ofSeconds(30));
    String n = shortLived.issue(REALM);
    clock.advance(Duration.ofSeconds(31));
    assertThat(shortLived.verify(n, REALM)).isEqualTo(STALE);
    assertThat(shortLived.lifetime()).hasSeconds(30);
  }

  @Test
  void anotherRealmsNonceIsInvalid() {
    assertThat(nonces.verify(nonces.issue("a.sip.example.com"), "b.sip.example.com")).isEqualTo(INVALID);
    assertThat(nonces.verify(nonces.issue("sip.example.com"), "sip.example.co")).isEqualTo(INVALID);
  }

  @Test
  void everyTamperedByteIsInvalid() {
    String n = nonces.issue(REALM);
    byte[] raw = Base64.getUrlDecoder().decode(n);
    for (int i = 0; i < raw.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] t = raw.clone();
        t[i] ^= (byte) (1 << bit);
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(t);
        assertThat(nonces.verify(tampered, REALM)).as("byte %d bit %d", i, bit).isEqualTo(INVALID);
      }
    }
  }

  @Test
  void nonCanonicalSpellingsAndGarbageAreInvalid() {
    String n = nonces.issue(REALM);
    // the last character carries 2 data bits and 4 unused ones: flipping an unused bit decodes to the same bytes
    char last = n.charAt(42);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char sibling = alphabet.charAt(alphabet.indexOf(last) ^ 1);
    assertThat(nonces.verify(n.substring(0, 42) + sibling, REALM)).isEqualTo(INVALID);
    assertThat(nonces.verify(n + "=", REALM)).isEqualTo(INVALID);
    assertThat(nonces.verify(n.substring(0, 42) + "+", REALM)).as("standard, not URL-safe, alphabet").isEqualTo(INVALID);
    for (String g : new String[] {null, "", "x", "!".repeat(43), "A".repeat(43), "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"}) {
      assertThat(nonces.verify(g, REALM)).isEqualTo(INVALID);
    }
    assertThat(nonces.verify(n, null)).isEqualTo(INVALID);
  }

  @Test
  void farFutureIsInvalidSmallSkewIsTolerated() {
    FakeClock ahead = new FakeClock(clock.instant().plusSeconds(20));
    assertThat(nonces.verify(new NonceService(KEY, ahead, NonceService.DEFAULT_LIFETIME).issue(REALM), REALM))
        .isEqualTo(VALID);
    FakeClock farAhead = new FakeClock(clock.instant().plusSeconds(3600));
    assertThat(nonces.verify(new NonceService(KEY, farAhead, NonceService.DEFAULT_LIFETIME).issue(REALM), REALM))
        .isEqualTo(INVALID);
  }

  @Test
  void weakKeysAndBadLifetimesAreRefused() {
    assertThatThrownBy(() -> new NonceService(new byte[15], clock, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NonceService(null, clock, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NonceService(KEY, clock, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}
