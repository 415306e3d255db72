package io.psip.gateway.sip;

import io.netty.util.NetUtil;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServedHostsTest {
  private final List<InetAddress> interfaces = List.of(
      NetUtil.createInetAddressFromIpAddressString("127.0.0.1"),
      NetUtil.createInetAddressFromIpAddressString("::1"),
      NetUtil.createInetAddressFromIpAddressString("192.0.2.10"));
  private final ServedHosts served = new ServedHosts("psip.local", List.of("0.0.0.0", "pbx-gw.example.net"), interfaces);

  @Test
  void theDomainAndEveryNameUnderIt() {
    assertThat(served).accepts("psip.local", "sip.psip.local", "acme.sip-eu.psip.local", "SIP.PSIP.LOCAL", "sip.psip.local.");
    assertThat(served).rejects("psip.local.evil.com", "notpsip.local", "local", "evil.example.com");
  }

  @Test
  void ownNamesAndLocalhost() {
    assertThat(served).accepts("localhost", "pbx-gw.example.net", "PBX-GW.example.net");
  }

  @Test
  void interfaceAddressesComparedAsAddresses() {
    assertThat(served).accepts("127.0.0.1", "192.0.2.10", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:192.0.2.10");
    assertThat(served).rejects("192.0.2.11", "[2001:db8::1]", "0.0.0.0");
  }

  @Test
  void aSpecificBindAddressIsServedEvenIfNotEnumerated() {
    ServedHosts s = new ServedHosts("psip.local", List.of("198.51.100.5", "203.0.113.9"), List.of());
    assertThat(s).accepts("198.51.100.5", "203.0.113.9", "localhost");
    assertThat(s).rejects("127.0.0.2");
  }
}
