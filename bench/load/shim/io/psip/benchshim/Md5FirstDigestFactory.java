package io.psip.benchshim;

import io.psip.auth.AuthContext;
import io.psip.auth.AuthOutcome;
import io.psip.auth.Authenticator;
import io.psip.auth.AuthenticatorFactory;
import io.psip.authdigest.DigestAuthenticatorFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark-only shim, never part of the product: psip's own {@code digest} authenticator with its 407's
 * {@code Proxy-Authenticate} values re-ordered MD5 first.
 *
 * <p>Why: SIPp 3.6.1 (Debian's sip-tester) answers only the first challenge of a 407 and aborts the call when that
 * one is not MD5 ("createAuthHeader: authentication must use MD5 or AKAv1-MD5"); psip lists SHA-256 first (RFC 8760
 * §2.4). Everything else — nonce, verification, replay and ban checks — is psip's {@code DigestAuthenticator}
 * unchanged; the re-ordering is a copy of a two-element list per challenge.
 *
 * <p>bench/load.sh compiles this against the gateway jar and puts it <em>after</em> that jar on the class path:
 * {@code AuthChain.load} keeps the last factory of a name that {@code ServiceLoader} finds, so this one replaces
 * {@code digest} and receives the {@code auth.digest} section (nonce key, ban settings) the gateway builds.
 */
public final class Md5FirstDigestFactory implements AuthenticatorFactory {
  private static final Comparator<AuthOutcome.Header> MD5_FIRST =
      Comparator.comparingInt(h -> h.value().toUpperCase(Locale.ROOT).contains("ALGORITHM=MD5") ? 0 : 1);

  @Override
  public String name() { return "digest"; }

  @Override
  public Authenticator create(AuthContext context) {
    Authenticator inner = new DigestAuthenticatorFactory().create(context);
    return new Authenticator() {
      @Override
      public String name() { return inner.name(); }

      @Override
      public io.vertx.core.Future<AuthOutcome> authenticate(io.psip.auth.AuthRequest request) {
        return inner.authenticate(request).map(o -> {
          if (!(o instanceof AuthOutcome.Challenge c)) return o;
          List<AuthOutcome.Header> h = new ArrayList<>(c.headers());
          h.sort(MD5_FIRST);
          return new AuthOutcome.Challenge(c.status(), h, c.reason());
        });
      }

      @Override
      public java.util.Map<String, Number> metrics() { return inner.metrics(); }
    };
  }
}
