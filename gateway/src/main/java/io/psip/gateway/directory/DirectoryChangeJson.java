package io.psip.gateway.directory;

import io.psip.directory.AccountEntry;
import io.psip.directory.ApplicationEntry;
import io.psip.directory.DirectoryChange;
import io.psip.directory.DirectoryEntry;
import io.psip.directory.DomainEntry;
import io.psip.directory.DomainUserEntry;
import io.psip.directory.NumberEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link DirectoryChange} as JSON, the form it takes on the event bus (so it can cross a cluster):
 * {@code {"kind":"domain","key":"acme","version":42,"entry":{...}}}, {@code "entry":null} for a delete. Entry fields
 * are snake_case like the API's. An account entry carries its HA1s and signature secret: fine inside the cluster,
 * never to be logged.
 */
public final class DirectoryChangeJson {
  private DirectoryChangeJson() {}

  public static JsonObject encode(DirectoryChange change) {
    return new JsonObject()
        .put("kind", change.kind().name().toLowerCase(Locale.ROOT))
        .put("key", change.key())
        .put("version", change.version())
        .put("entry", change.entry() == null ? null : encodeEntry(change.entry()));
  }

  /** Fails with IllegalArgumentException when the document is not a change. */
  public static DirectoryChange decode(JsonObject json) {
    try {
      DirectoryEntry.Kind kind = DirectoryEntry.Kind.valueOf(json.getString("kind").toUpperCase(Locale.ROOT));
      String key = require(json.getString("key"), "key");
      long version = require(json.getLong("version"), "version");
      JsonObject entry = json.getJsonObject("entry");
      if (entry == null) return DirectoryChange.delete(kind, key, version);
      DirectoryEntry e = decodeEntry(kind, entry);
      if (!e.key().equals(key)) throw new IllegalArgumentException("key " + key + " does not match its entry");
      return new DirectoryChange(kind, key, version, e);
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("not a directory change: " + e.getMessage(), e);
    }
  }

  private static JsonObject encodeEntry(DirectoryEntry entry) {
    if (entry instanceof AccountEntry a) {
      return new JsonObject().put("api_key", a.apiKey()).put("name", a.name()).put("ha1_md5", a.ha1Md5())
          .put("ha1_sha256", a.ha1Sha256()).put("signature_secret", a.signatureSecret());
    }
    if (entry instanceof ApplicationEntry a) {
      return new JsonObject().put("id", a.id()).put("account_id", a.accountId()).put("name", a.name())
          .put("answer_url", webhook(a.answer())).put("fallback_answer_url", webhook(a.fallbackAnswer()))
          .put("event_url", webhook(a.event())).put("signed_callbacks", a.signedCallbacks());
    }
    if (entry instanceof DomainEntry d) {
      return new JsonObject().put("name", d.name()).put("account_id", d.accountId())
          .put("application_id", d.applicationId()).put("acl", new JsonArray(new ArrayList<Object>(d.acl())))
          .put("digest_auth", d.digestAuth()).put("tls", d.tls()).put("srtp", d.srtp())
          .put("domain_type", d.domainType());
    }
    if (entry instanceof DomainUserEntry u) {
      return new JsonObject().put("domain", u.domain()).put("user", u.user()).put("ha1_md5", u.ha1Md5())
          .put("ha1_sha256", u.ha1Sha256());
    }
    NumberEntry n = (NumberEntry) entry;
    return new JsonObject().put("msisdn", n.msisdn()).put("account_id", n.accountId())
        .put("application_id", n.applicationId());
  }

  private static DirectoryEntry decodeEntry(DirectoryEntry.Kind kind, JsonObject e) {
    return switch (kind) {
      case ACCOUNT -> new AccountEntry(require(e.getString("api_key"), "api_key"), e.getString("name"),
          e.getString("ha1_md5"), e.getString("ha1_sha256"), e.getString("signature_secret"));
      case APPLICATION -> new ApplicationEntry(require(e.getString("id"), "id"), e.getString("account_id"),
          e.getString("name"), webhook(e.getJsonObject("answer_url")), webhook(e.getJsonObject("fallback_answer_url")),
          webhook(e.getJsonObject("event_url")), e.getBoolean("signed_callbacks", true));
      case DOMAIN -> new DomainEntry(require(e.getString("name"), "name"), e.getString("account_id"),
          e.getString("application_id"), strings(e.getJsonArray("acl")), e.getBoolean("digest_auth", false),
          e.getString("tls"), e.getString("srtp"), e.getString("domain_type"));
      case DOMAIN_USER -> new DomainUserEntry(require(e.getString("domain"), "domain"),
          require(e.getString("user"), "user"), e.getString("ha1_md5"), e.getString("ha1_sha256"));
      case NUMBER -> new NumberEntry(require(e.getString("msisdn"), "msisdn"), e.getString("account_id"),
          e.getString("application_id"));
    };
  }

  private static JsonObject webhook(ApplicationEntry.Webhook w) {
    if (w == null) return null;
    return new JsonObject().put("address", w.address()).put("http_method", w.httpMethod())
        .put("connect_timeout", w.connectTimeoutMs()).put("socket_timeout", w.socketTimeoutMs());
  }

  private static ApplicationEntry.Webhook webhook(JsonObject w) {
    if (w == null) return null;
    return new ApplicationEntry.Webhook(require(w.getString("address"), "address"), w.getString("http_method"),
        w.getInteger("connect_timeout", 1000), w.getInteger("socket_timeout", 5000));
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    if (a != null) for (Object o : a) out.add((String) o);
    return out;
  }

  private static <T> T require(T value, String field) {
    if (value == null) throw new IllegalArgumentException("directory change without " + field);
    return value;
  }
}
