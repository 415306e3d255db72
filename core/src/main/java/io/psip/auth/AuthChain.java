package io.psip.auth;

import io.psip.directory.Directory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The admission chain: its members, in configured order, each asked in turn until one admits or rejects.
 * <p>
 * Like vertx-web's chain auth handler, only authentication-shaped outcomes move on: {@link AuthOutcome.Abstain}
 * ("not mine") and {@link AuthOutcome.Challenge} ("I could, with credentials") let the next member try, so an ACL
 * placed after digest still admits a listed source without a challenge. When nobody admits, the first challenge
 * (with every challenging member's headers) is the answer; with no challenge at all, 403 naming each member's reason.
 */
public final class AuthChain {
  private final List<Authenticator> members;

  public AuthChain(List<Authenticator> members) {
    if (members.isEmpty()) throw new IllegalArgumentException("the auth chain needs at least one member");
    this.members = List.copyOf(members);
  }

  /**
   * Builds the chain named by {@code names} from the factories on the class path.
   *
   * @param authConfig the whole {@code auth} section: member {@code x} gets its {@code auth.x} object
   * @throws IllegalArgumentException naming the unknown member and the known ones, or a member's bad option
   */
  public static AuthChain load(List<String> names, Vertx vertx, Directory directory, JsonObject authConfig,
                               String sipDomain, ClassLoader classLoader) {
    Map<String, AuthenticatorFactory> factories = new HashMap<>();
    for (AuthenticatorFactory f : ServiceLoader.load(AuthenticatorFactory.class, classLoader)) factories.put(f.name(), f);
    List<Authenticator> members = new ArrayList<>();
    for (String name : names) {
      AuthenticatorFactory factory = factories.get(name);
      if (factory == null) {
        throw new IllegalArgumentException("no authenticator named '" + name + "' on the class path (known: "
            + String.join(", ", factories.keySet().stream().sorted().toList()) + ")");
      }
      JsonObject section = authConfig == null ? null : authConfig.getJsonObject(name);
      members.add(factory.create(new AuthContext(vertx, directory, section, sipDomain)));
    }
    return new AuthChain(members);
  }

  public List<String> memberNames() { return members.stream().map(Authenticator::name).toList(); }

  /** The members, in order (for metrics). */
  public List<Authenticator> members() { return members; }

  /** Never fails: a member's failure becomes a 500 {@link AuthOutcome.Rejected} naming it. */
  public Future<AuthOutcome> authenticate(AuthRequest request) {
    return ask(0, request, null, new ArrayList<>());
  }

  private Future<AuthOutcome> ask(int index, AuthRequest request, AuthOutcome.Challenge challenge, List<String> reasons) {
    if (index == members.size()) return Future.succeededFuture(conclude(challenge, reasons));
    Authenticator member = members.get(index);
    Future<AuthOutcome> outcome;
    try {
      outcome = member.authenticate(request);
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    return outcome.transform(ar -> {
      if (ar.failed()) {
        return Future.succeededFuture(AuthOutcome.rejected(500, member.name() + " authenticator failed: " + ar.cause()));
      }
      AuthOutcome o = ar.result();
      if (o instanceof AuthOutcome.Admitted || o instanceof AuthOutcome.Rejected) return Future.succeededFuture(o);
      if (o instanceof AuthOutcome.Challenge c) return ask(index + 1, request, merge(challenge, c), reasons);
      if (o instanceof AuthOutcome.Abstain a) reasons.add(a.reason());
      return ask(index + 1, request, challenge, reasons);
    });
  }

  private static AuthOutcome.Challenge merge(AuthOutcome.Challenge first, AuthOutcome.Challenge next) {
    if (first == null) return next;
    List<AuthOutcome.Header> headers = new ArrayList<>(first.headers());
    headers.addAll(next.headers());
    return new AuthOutcome.Challenge(first.status(), headers, first.reason());
  }

  private static AuthOutcome conclude(AuthOutcome.Challenge challenge, List<String> reasons) {
    if (challenge != null) return challenge;
    return AuthOutcome.rejected(403, reasons.isEmpty() ? "no authenticator admitted the request" : String.join("; ", reasons));
  }
}
