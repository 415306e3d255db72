package io.psip.authdigest;

import io.psip.auth.AuthContext;
import io.psip.auth.Authenticator;
import io.psip.auth.AuthenticatorFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** {@code auth.chain: digest}, configured by {@code auth.digest} ({@link DigestOptions}). */
public final class DigestAuthenticatorFactory implements AuthenticatorFactory {
  private static final Logger LOG = LoggerFactory.getLogger(DigestAuthenticatorFactory.class);

  @Override
  public String name() { return DigestAuthenticator.NAME; }

  /** @throws IllegalArgumentException naming the bad option ({@code auth.digest.*}, {@code auth.ban.*}) */
  @Override
  public Authenticator create(AuthContext context) {
    DigestOptions options = DigestOptions.from(context.config());
    LOG.debug("digest authenticator: {}", options); // DigestOptions.toString never shows the key
    return new DigestAuthenticator(context.directory(), options, Clock.systemUTC());
  }
}
