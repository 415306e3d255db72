package io.psip.authdigest;

import io.psip.auth.AuthOutcome;
import io.psip.auth.AuthPrincipal;
import io.psip.auth.AuthRequest;
import io.psip.auth.Authenticator;
import io.psip.directory.AccountEntry;
import io.psip.directory.Directory;
import io.psip.directory.DomainUserEntry;
import io.psip.routing.Route;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SIP digest as a proxy-like gateway asks for it (RFC 3261 §22.3: 407 with {@code Proxy-Authenticate}, answered with
 * {@code Proxy-Authorization}), with RFC 7616 {@code qop=auth} and RFC 8760 algorithms. Checks, in this order:
 * <ol>
 *   <li>a domain without {@code digest_auth} is not ours (abstain);</li>
 *   <li>a banned source is refused with 403 and no challenge, so it cannot keep guessing (CONTRACT §3);</li>
 *   <li>no credentials for the target's realm → 407 (RFC 3261 §22.3: several proxies may each have added theirs);</li>
 *   <li>malformed credentials → 400; a nonce we did not issue for this realm → 403;</li>
 *   <li>the response ({@link DigestVerifier}: qop, digest uri = Request-URI, constant-time compare; an unknown user
 *       is checked against a decoy HA1 so it answers exactly like a wrong password) → 403 "wrong credentials";</li>
 *   <li>a right response with an expired nonce → 407 {@code stale=true} (RFC 7616 §3.3): the client retries without
 *       asking its user, and it is not a failure;</li>
 *   <li>a nonce count not above the last accepted one → 403 (RFC 7616 §3.4, §5.5 replay protection).</li>
 * </ol>
 * Every 400/403 above counts towards the source's ban. Only the directory is read: it answers from memory, at once.
 * Nothing secret (password, HA1, response, nonce key) is ever logged or put into a reason.
 */
public final class DigestAuthenticator implements Authenticator {
  public static final String NAME = "digest";
  public static final String CHALLENGE_HEADER = "Proxy-Authenticate";
  public static final String CREDENTIALS_HEADER = "Proxy-Authorization";
  /** The one reason for a wrong password and an unknown user alike. */
  public static final String WRONG_CREDENTIALS = "wrong credentials";

  private static final Logger LOG = LoggerFactory.getLogger(DigestAuthenticator.class);

  /** Counters for metrics; {@code bannedSourcesNow} is a scan, so read it at scrape time, not per request. */
  public record Stats(long failuresRecorded, long bansIssued, int bannedSourcesNow, long challenges, long admitted) {}

  private record Identity(String ha1, String accountId) {}

  private final Directory directory;
  private final DigestOptions options;
  private final NonceService nonces;
  private final ReplayGuard replays;
  private final FailureBan ban;
  private final AtomicLong challenges = new AtomicLong();
  private final AtomicLong admitted = new AtomicLong();

  public DigestAuthenticator(Directory directory, DigestOptions options, Clock clock) {
    this.directory = directory;
    this.options = options;
    this.nonces = new NonceService(options.nonceKey(), clock, options.nonceLifetime());
    this.replays = new ReplayGuard(clock, options.nonceLifetime(), options.nonceTrackingMax());
    this.ban = new FailureBan(clock, options.banFailures(), options.banWindow(), options.banTime(),
        FailureBan.DEFAULT_CAPACITY);
  }

  @Override
  public String name() { return NAME; }

  @Override
  public Future<AuthOutcome> authenticate(AuthRequest request) {
    return Future.succeededFuture(decide(request));
  }

  public Stats stats() {
    return new Stats(ban.failuresRecorded(), ban.bansIssued(), ban.bannedCount(), challenges.get(), admitted.get());
  }

  /** For {@code /metrics}: {@code psip_auth_digest_failures}, {@code _bans}, {@code _banned_sources}, … */
  @Override
  public Map<String, Number> metrics() {
    Stats s = stats();
    return Map.of("failures", s.failuresRecorded(), "bans", s.bansIssued(), "banned_sources", s.bannedSourcesNow(),
        "challenges", s.challenges(), "admitted", s.admitted());
  }

  private AuthOutcome decide(AuthRequest request) {
    Route.Admissible target = request.target();
    if (target instanceof Route.DomainRoute d && !d.domain().digestAuth()) {
      return AuthOutcome.abstain("domain " + d.domain().name() + " has no digest_auth");
    }
    String realm = target.realm();
    String source = sourceKey(request.source().host());
    if (ban.isBanned(source)) {
      LOG.debug("digest: refused banned source {}", source);
      return AuthOutcome.rejected(403, "source banned for " + options.banTime().toSeconds()
          + "s after repeated authentication failures");
    }
    ProxyCredentials.Selection found = ProxyCredentials.select(request.request().headerValues(CREDENTIALS_HEADER), realm);
    if (found.credentials() == null) {
      if (found.malformed() != null) return fail(source, 400, "malformed " + CREDENTIALS_HEADER + ": " + found.malformed());
      return challenge(source, realm, false, "credentials required");
    }
    DigestCredentials c = found.credentials();
    // looked up before any check, so a known and an unknown user do the same work on every path
    Identity identity = identity(target, c.username(), c.algorithm());
    NonceService.Verdict nonce = nonces.verify(c.nonce(), realm);
    if (nonce == NonceService.Verdict.INVALID) return fail(source, 403, "invalid nonce");

    String requestUri = request.request().requestUri().toString();
    switch (DigestVerifier.verify(c, request.request().method(), requestUri, identity.ha1())) {
      case UNSUPPORTED_QOP:
        return fail(source, 403, "qop=auth is required"); // RFC 7616 §3.4: qop is mandatory; we only offer auth
      case WRONG_URI:
        return fail(source, 403, "digest uri does not match the Request-URI"); // RFC 3261 §22.4
      case WRONG_CREDENTIALS:
        LOG.debug("digest: wrong credentials for user {} in realm {} from {} (known user: {})", c.username(), realm,
            source, identity.ha1() != null);
        return fail(source, 403, WRONG_CREDENTIALS);
      case OK:
      default:
        break;
    }
    if (nonce == NonceService.Verdict.STALE) return challenge(source, realm, true, "nonce expired");
    switch (replays.check(c.nonce(), c.ncValue())) {
      case REPLAYED:
        return fail(source, 403, "nonce count replayed");
      case FULL: // tracking it would mean evicting another nonce's counts: make the client start a new nonce instead
        return challenge(source, realm, true, "nonce tracking is full");
      case ACCEPTED:
      default:
        break;
    }
    admitted.incrementAndGet();
    LOG.debug("digest: admitted user {} in realm {} from {}", c.username(), realm, source);
    return AuthOutcome.admitted(new AuthPrincipal(NAME, c.username(), identity.accountId()));
  }

  /** SIP Connect: the account's api_key is the username; a domain: one of its users, billed to its account. */
  private Identity identity(Route.Admissible target, String username, DigestAlgorithm algorithm) {
    if (target instanceof Route.DomainRoute d) {
      DomainUserEntry user = directory.domainUser(d.domain().name(), username);
      return new Identity(user == null ? null : pick(algorithm, user.ha1Md5(), user.ha1Sha256()), d.domain().accountId());
    }
    AccountEntry account = directory.account(username);
    return account == null
        ? new Identity(null, username)
        : new Identity(pick(algorithm, account.ha1Md5(), account.ha1Sha256()), account.apiKey());
  }

  /** RFC 8760 §2.1: the HA1 is per algorithm; a missing one makes the user unknown for that algorithm. */
  private static String pick(DigestAlgorithm algorithm, String md5, String sha256) {
    return algorithm == DigestAlgorithm.SHA_256 ? sha256 : md5;
  }

  private AuthOutcome challenge(String source, String realm, boolean stale, String reason) {
    challenges.incrementAndGet();
    List<AuthOutcome.Header> headers = ChallengeBuilder.challenges(realm, nonces.issue(realm), stale).stream()
        .map(v -> new AuthOutcome.Header(CHALLENGE_HEADER, v))
        .toList();
    LOG.debug("digest: challenged {} for realm {} ({})", source, realm, reason);
    return new AuthOutcome.Challenge(407, headers, reason);
  }

  private AuthOutcome fail(String source, int status, String reason) {
    if (ban.recordFailure(source)) {
      LOG.warn("digest: source {} banned for {}s after {} authentication failures within {}s (last: {}; {} bans so far)",
          source, options.banTime().toSeconds(), options.banFailures(), options.banWindow().toSeconds(), reason,
          ban.bansIssued());
    } else {
      LOG.debug("digest: {} {} for {}", status, reason, source);
    }
    return AuthOutcome.rejected(status, reason);
  }

  /** One key per peer address: brackets dropped, lower case, an IPv4-mapped IPv6 address as its IPv4 address. */
  static String sourceKey(String host) {
    String h = host.length() > 2 && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    h = h.toLowerCase(Locale.ROOT);
    return h.startsWith("::ffff:") && h.indexOf('.') > 0 ? h.substring(7) : h;
  }
}
