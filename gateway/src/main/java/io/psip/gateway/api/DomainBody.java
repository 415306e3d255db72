package io.psip.gateway.api;

import io.psip.authacl.Cidr;
import io.psip.gateway.store.DomainRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A PSIP domain as a request body gives it (CONTRACT §2 domain rules). Used whole by POST and by PUT, which replaces
 * every field: an omitted optional field takes its default.
 */
record DomainBody(String name, UUID applicationId, List<String> acl, boolean digestAuth, String tls, String srtp,
                  String domainType) {
  static final int MAX_ACL = 16;
  static final List<String> TRANSPORT_POLICY = List.of("always", "never", "optional");
  static final List<String> DOMAIN_TYPES = List.of("app", "trunk");

  /**
   * @param pathName the name from the path (PUT), or {@code null} (POST, where the body's name is required); a body
   *                 name that differs from the path's is refused, since a domain cannot be renamed
   */
  static DomainBody parse(JsonObject json, String pathName) {
    Violations v = new Violations();
    Fields f = Fields.of(json, v);
    String name = f.text("name", TextRule.DOMAIN_NAME, pathName == null);
    if (pathName != null) {
      if (name != null && !name.equals(pathName)) f.invalid("name", "cannot be changed: remove the domain and create it anew");
      name = pathName;
    }
    UUID application = f.uuid("application_id", true);
    List<String> acl = acl(f);
    Boolean digest = f.bool("digest_auth", false);
    String tls = f.choice("tls", TRANSPORT_POLICY, "optional");
    String srtp = f.choice("srtp", TRANSPORT_POLICY, "optional");
    String type = f.choice("domain_type", DOMAIN_TYPES, "app");
    v.throwIfAny();
    return new DomainBody(name, application, acl, digest, tls, srtp, type);
  }

  /** Normalised CIDR blocks; each bad entry is named by its index, and so is a duplicate (after normalising). */
  private static List<String> acl(Fields f) {
    JsonArray raw = f.array("acl");
    if (raw == null) return List.of();
    if (raw.size() > MAX_ACL) {
      f.invalid("acl", "must have at most " + MAX_ACL + " entries (has " + raw.size() + ")");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < raw.size(); i++) {
      String name = "acl[" + i + "]";
      if (!(raw.getValue(i) instanceof String s)) {
        f.invalid(name, "must be a string: an IPv4 or IPv6 address or CIDR block");
        continue;
      }
      try {
        String normal = Cidr.parse(s).toString();
        Integer first = seen.putIfAbsent(normal, i);
        if (first != null) f.invalid(name, "repeats acl[" + first + "] (" + normal + ")");
        else out.add(normal);
      } catch (Cidr.InvalidCidrException e) {
        f.invalid(name, e.getMessage());
      }
    }
    return out;
  }

  DomainRecord toRecord(String accountId) {
    return new DomainRecord(name, accountId, applicationId, acl, digestAuth, tls, srtp, domainType, null, null);
  }
}
