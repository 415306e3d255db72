/**
 * SIP digest authentication (RFC 3261 §22, RFC 7616, RFC 8760), as building blocks:
 * {@link io.psip.authdigest.DigestCredentialsParser} (the {@code Proxy-Authorization} value),
 * {@link io.psip.authdigest.NonceService} (stateless HMAC nonces any node verifies),
 * {@link io.psip.authdigest.ReplayGuard} ({@code nc} tracking), {@link io.psip.authdigest.DigestVerifier} (the
 * response, qop=auth only), {@link io.psip.authdigest.ChallengeBuilder} (the 407's challenges) and
 * {@link io.psip.authdigest.FailureBan} (banning sources after repeated failures). A request is checked in this order:
 * ban → parse → nonce (INVALID refused) → verify → a STALE nonce with a right response gets a new challenge with
 * stale=true (not a failure) → replay guard; an INVALID nonce, wrong credentials, a wrong uri or a replay each count as one failure towards the ban.
 * {@link io.psip.authdigest.DigestAuthenticator} wires them into the auth chain (name {@code digest}, options in
 * {@link io.psip.authdigest.DigestOptions}); it and its factory are the only classes here that log, and nothing here
 * ever puts a secret, an HA1 or a response hash into a log line, a message or a toString.
 */
package io.psip.authdigest;
