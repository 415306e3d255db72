package io.psip.authacl;

import io.psip.auth.AuthContext;
import io.psip.auth.Authenticator;
import io.psip.auth.AuthenticatorFactory;

/** {@code auth.chain: acl}. Takes no options: the ACLs themselves are per domain, in the directory. */
public final class AclAuthenticatorFactory implements AuthenticatorFactory {
  @Override
  public String name() { return AclAuthenticator.NAME; }

  /** @throws IllegalArgumentException when {@code auth.acl} holds any option (a typo would otherwise be ignored) */
  @Override
  public Authenticator create(AuthContext context) {
    if (!context.config().isEmpty()) {
      throw new IllegalArgumentException("auth.acl takes no options (found: "
          + String.join(", ", context.config().fieldNames().stream().sorted().toList()) + ")");
    }
    return new AclAuthenticator(DomainAclIndex.attach(context.directory()));
  }
}
