package io.psip.auth;

/**
 * Creates an {@link Authenticator}; found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.psip.auth.AuthenticatorFactory}), so a new way to authenticate is a jar on the class
 * path and a name in {@code auth.chain}.
 */
public interface AuthenticatorFactory {
  /** The name {@code auth.chain} lists. */
  String name();

  /**
   * @throws IllegalArgumentException with a message naming the option when its configuration is invalid
   */
  Authenticator create(AuthContext context);
}
