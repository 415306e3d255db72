package io.psip.authacl;

import io.psip.auth.AuthChain;
import io.psip.auth.AuthContext;
import io.psip.auth.AuthOutcome;
import io.psip.auth.AuthPrincipal;
import io.psip.auth.AuthRequest;
import io.psip.auth.Authenticator;
import io.psip.directory.DirectoryChange;
import io.psip.directory.DirectoryEntry;
import io.psip.directory.DomainEntry;
import io.psip.directory.impl.InMemoryDirectory;
import io.psip.routing.Route;
import io.psip.sip.codec.DecodeResult;
import io.psip.sip.codec.SipMessageParser;
import io.psip.sip.message.SipRequest;
import io.psip.sip.transport.Transport;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AclAuthenticatorTest {
  private static final String SIP_DOMAIN = "psip.test";

  private InMemoryDirectory directory;
  private Authenticator acl;
  private long version;

  @BeforeEach
  void setUp() {
    directory = new InMemoryDirectory();
    upsert(domain("alpha", "192.0.2.0/24", "198.51.100.7", "2001:db8::/32", "2001:db8:1::1/128"));
    upsert(domain("open4", "0.0.0.0/0"));
    upsert(domain("open6", "::/0"));
    upsert(domain("empty"));
    acl = new AclAuthenticatorFactory().create(new AuthContext(null, directory, null, SIP_DOMAIN));
  }

  @Test
  void nameIsAcl() {
    assertThat(acl.name()).isEqualTo("acl");
  }

  @Test
  void ipv4BlocksAndSingleAddresses() {
    assertAdmitted("alpha", "192.0.2.1", "192.0.2.0/24");
    assertAdmitted("alpha", "192.0.2.255", "192.0.2.0/24");
    assertAdmitted("alpha", "198.51.100.7", "198.51.100.7/32");
    assertAbstains("alpha", "198.51.100.8");
    assertAbstains("alpha", "192.0.3.1");
  }

  @Test
  void ipv6BlocksWithAndWithoutBracketsLongestPrefixFirst() {
    assertAdmitted("alpha", "2001:db8:ffff::1", "2001:db8::/32");
    assertAdmitted("alpha", "[2001:db8:ffff::1]", "2001:db8::/32");
    assertAdmitted("alpha", "2001:db8:1::1", "2001:db8:1::1/128");
    assertAdmitted("alpha", "[2001:DB8:1:0:0:0:0:1]", "2001:db8:1::1/128");
    assertAbstains("alpha", "2001:db9::1");
    assertAbstains("alpha", "[2001:db9::1]");
  }

  @Test
  void ipv4MappedSourcesMatchIpv4Entries() {
    assertAdmitted("alpha", "::ffff:192.0.2.9", "192.0.2.0/24");
    assertAdmitted("alpha", "[::ffff:198.51.100.7]", "198.51.100.7/32");
    assertAdmitted("open4", "::ffff:203.0.113.1", "0.0.0.0/0");
    assertAbstains("alpha", "::ffff:192.0.3.9");
  }

  @Test
  void zeroPrefixesAdmitTheirFamilyOnly() {
    assertAdmitted("open4", "203.0.113.200", "0.0.0.0/0");
    assertAbstains("open4", "2001:db8::1");
    assertAdmitted("open6", "2001:db8::1", "::/0");
    assertAbstains("open6", "203.0.113.200");
  }

  @Test
  void notInTheAclAbstainsNamingSourceAndDomain() {
    assertThat(outcome("empty", "192.0.2.1"))
        .isEqualTo(new AuthOutcome.Abstain("source 192.0.2.1 is not in the ACL of domain empty"));
    assertThat(outcome("alpha", "[2001:db9::1]"))
        .isEqualTo(new AuthOutcome.Abstain("source 2001:db9::1 is not in the ACL of domain alpha"));
  }

  @Test
  void garbageAndHostNamesAndZoneIdsMatchNothing() {
    assertAbstains("open4", "localhost");
    assertAbstains("open6", "fe80::1%eth0");
    assertAbstains("open4", "[]");
    assertAbstains("open4", "192.0.2.1.5");
  }

  @Test
  void sipConnectAbstains() {
    AuthRequest r = new AuthRequest(invite("sip:15550100@sip.psip.test"), udp("192.0.2.1"),
        new Route.SipConnectRoute("15550100", "sip.psip.test"));
    assertThat(acl.authenticate(r).result())
        .isEqualTo(new AuthOutcome.Abstain("SIP Connect calls are authenticated by digest"));
  }

  @Test
  void directoryUpdatesTakeEffect() {
    assertAbstains("empty", "203.0.113.5");
    upsert(domain("empty", "203.0.113.0/28"));
    assertAdmitted("empty", "203.0.113.5", "203.0.113.0/28");
    upsert(domain("empty", "203.0.113.16/28"));
    assertAbstains("empty", "203.0.113.5");
    directory.apply(DirectoryChange.delete(DirectoryEntry.Kind.DOMAIN, "alpha", ++version));
    // a route built before the delete still names the domain; the index no longer has it
    assertAbstains("alpha", "192.0.2.1");
  }

  @Test
  void invalidEntriesFailClosedWhileTheRestStillMatch() {
    upsert(domain("alpha", "10.0.0.7/24", "192.0.2.0/24"));
    assertAbstains("alpha", "10.0.0.7");
    assertAdmitted("alpha", "192.0.2.1", "192.0.2.0/24");
  }

  @Test
  void factoryRefusesOptions() {
    assertThatThrownBy(() -> new AclAuthenticatorFactory().create(
        new AuthContext(null, directory, new JsonObject().put("cidr", "x"), SIP_DOMAIN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("auth.acl takes no options (found: cidr)");
  }

  @Test
  void serviceLoaderFindsTheFactoryByName() {
    AuthChain chain = AuthChain.load(List.of("acl"), null, directory, new JsonObject(), SIP_DOMAIN,
        getClass().getClassLoader());
    assertThat(chain.memberNames()).containsExactly("acl");
  }

  private void assertAdmitted(String domain, String source, String entry) {
    assertThat(outcome(domain, source)).as(source + " in " + domain)
        .isEqualTo(new AuthOutcome.Admitted(new AuthPrincipal("acl", entry, "acct-" + domain)));
  }

  private void assertAbstains(String domain, String source) {
    assertThat(outcome(domain, source)).as(source + " in " + domain).isInstanceOf(AuthOutcome.Abstain.class);
  }

  private AuthOutcome outcome(String name, String source) {
    DomainEntry entry = new DomainEntry(name, "acct-" + name, "app", List.of(), false, "optional", "optional", "trunk");
    String realm = name + "." + SIP_DOMAIN;
    Route.DomainRoute route = new Route.DomainRoute(entry, "us", realm);
    var future = acl.authenticate(new AuthRequest(invite("sip:alice@" + name + ".sip-us." + SIP_DOMAIN),
        udp(source), route));
    assertThat(future.succeeded()).as("answers at once, from memory").isTrue();
    return future.result();
  }

  private void upsert(DomainEntry d) {
    directory.apply(DirectoryChange.upsert(d, ++version));
  }

  private static DomainEntry domain(String name, String... acl) {
    return new DomainEntry(name, "acct-" + name, "app-" + name, List.of(acl), false, "optional", "optional", "trunk");
  }

  private static TransportAddress udp(String host) { return new TransportAddress(Transport.UDP, host, 5060); }

  static SipRequest invite(String requestUri) {
    String text = "INVITE " + requestUri + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-acl-1;rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:pbx@192.0.2.1>;tag=f1\r\n"
        + "To: <" + requestUri + ">\r\n"
        + "Call-ID: acl-test@192.0.2.1\r\n"
        + "CSeq: 1 INVITE\r\n"
        + "Contact: <sip:pbx@192.0.2.1:5060>\r\n"
        + "Content-Length: 0\r\n\r\n";
    DecodeResult r = new SipMessageParser().parseDatagram(text.getBytes(StandardCharsets.UTF_8));
    assertThat(r).isInstanceOf(DecodeResult.Message.class);
    return (SipRequest) ((DecodeResult.Message) r).message();
  }
}
