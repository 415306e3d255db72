package io.psip.auth;

/**
 * Who a request was admitted as.
 *
 * @param method    how: {@code acl} or {@code digest} (the {@code auth_method} webhook field), or another module's name
 * @param user      the authenticated user ({@code auth_user}): the digest username; for {@code acl} the matched entry
 * @param accountId the account the credentials belong to (its api_key), or {@code null} when the target decides it
 */
public record AuthPrincipal(String method, String user, String accountId) {
  public AuthPrincipal {
    if (method == null || method.isEmpty()) throw new IllegalArgumentException("method is required");
  }
}
