package io.psip.authdigest;

import io.psip.auth.AuthOutcome;
import io.psip.auth.AuthRequest;
import io.psip.directory.AccountEntry;
import io.psip.directory.DirectoryChange;
import io.psip.directory.DirectoryEntry;
import io.psip.directory.DomainEntry;
import io.psip.directory.DomainUserEntry;
import io.psip.directory.impl.InMemoryDirectory;
import io.psip.routing.Route;
import io.psip.sip.codec.DecodeResult;
import io.psip.sip.codec.SipMessageParser;
import io.psip.sip.message.SipRequest;
import io.psip.sip.transport.Transport;
import io.psip.sip.transport.TransportAddress;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A directory as provisioning would fill it (HA1s made with {@link DigestVerifier#ha1}, as the admin API does), SIP
 * requests parsed from wire text, and a client that answers challenges the way a PBX would.
 */
final class DigestFixture {
  static final String SIP_DOMAIN = "psip.test";
  static final String CONNECT_REALM = "sip." + SIP_DOMAIN;
  static final String CONNECT_URI = "sip:15550100@sip.psip.test";
  static final String API_KEY = "key1";
  static final String API_SECRET = "s3cret-api";
  static final String DOMAIN = "acme";
  static final String DOMAIN_REALM = DOMAIN + "." + SIP_DOMAIN;
  static final String DOMAIN_URI = "sip:100@acme.sip-us.psip.test";
  static final String USER = "alice";
  static final String USER_PASSWORD = "wonderland";
  static final byte[] NONCE_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final String NONCE_KEY_B64 = Base64.getEncoder().encodeToString(NONCE_KEY);

  private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

  final InMemoryDirectory directory = new InMemoryDirectory();
  private long version;

  DigestFixture() {
    upsert(new AccountEntry(API_KEY, "Acme", DigestVerifier.ha1(DigestAlgorithm.MD5, API_KEY, CONNECT_REALM, API_SECRET),
        DigestVerifier.ha1(DigestAlgorithm.SHA_256, API_KEY, CONNECT_REALM, API_SECRET), "sig"));
    upsert(domain(DOMAIN, true, "192.0.2.0/24"));
    upsert(domain("closed", false));
    upsert(new DomainUserEntry(DOMAIN, USER, DigestVerifier.ha1(DigestAlgorithm.MD5, USER, DOMAIN_REALM, USER_PASSWORD),
        DigestVerifier.ha1(DigestAlgorithm.SHA_256, USER, DOMAIN_REALM, USER_PASSWORD)));
  }

  void upsert(DirectoryEntry e) { directory.apply(DirectoryChange.upsert(e, ++version)); }

  static DomainEntry domain(String name, boolean digest, String... acl) {
    return new DomainEntry(name, "acct-" + name, "app-" + name, List.of(acl), digest, "optional", "optional", "trunk");
  }

  DigestOptions options() {
    return DigestOptions.from(new io.vertx.core.json.JsonObject().put("nonce_key", NONCE_KEY_B64));
  }

  static Route.SipConnectRoute connect() { return new Route.SipConnectRoute("15550100", CONNECT_REALM); }

  Route.DomainRoute domainRoute(String name) {
    return new Route.DomainRoute(directory.domain(name), "us", name + "." + SIP_DOMAIN);
  }

  static TransportAddress udp(String host) { return new TransportAddress(Transport.UDP, host, 5060); }

  static AuthRequest request(String requestUri, Route.Admissible target, String source, String... proxyAuthorization) {
    return new AuthRequest(invite(requestUri, proxyAuthorization), udp(source), target);
  }

  static SipRequest invite(String requestUri, String... proxyAuthorization) {
    StringBuilder text = new StringBuilder("INVITE " + requestUri + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bK-digest-1;rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:pbx@203.0.113.9>;tag=f1\r\n"
        + "To: <" + requestUri + ">\r\n"
        + "Call-ID: digest-test@203.0.113.9\r\n"
        + "CSeq: 2 INVITE\r\n"
        + "Contact: <sip:pbx@203.0.113.9:5060>\r\n");
    for (String v : proxyAuthorization) text.append("Proxy-Authorization: ").append(v).append("\r\n");
    text.append("Content-Length: 0\r\n\r\n");
    DecodeResult r = new SipMessageParser().parseDatagram(text.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(r).isInstanceOf(DecodeResult.Message.class);
    return (SipRequest) ((DecodeResult.Message) r).message();
  }

  /** The nonce of a challenge (both of its headers carry the same one). */
  static String nonce(AuthOutcome challenge) {
    assertThat(challenge).isInstanceOf(AuthOutcome.Challenge.class);
    Matcher m = NONCE.matcher(((AuthOutcome.Challenge) challenge).headers().get(0).value());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  /** A Proxy-Authorization value as a client computes it from the password (RFC 7616 §3.4.1). */
  static String credentials(DigestAlgorithm alg, String user, String realm, String password, String nonce, String nc,
                            String uri) {
    String ha1 = DigestVerifier.ha1(alg, user, realm, password);
    String response = DigestVerifier.expectedResponse(alg, ha1, nonce, nc, "c0ffee", "auth", "INVITE", uri);
    return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
        + "\", response=\"" + response + "\", algorithm=" + alg.token() + ", qop=auth, nc=" + nc
        + ", cnonce=\"c0ffee\"";
  }
}
