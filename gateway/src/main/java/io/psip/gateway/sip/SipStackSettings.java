package io.psip.gateway.sip;

import io.psip.gateway.Version;
import io.psip.sip.codec.SipCodecOptions;
import io.psip.sip.stack.SipStackOptions;
import io.psip.sip.transaction.TimerSettings;
import io.vertx.core.json.JsonObject;

import java.util.function.Predicate;

import static io.psip.gateway.config.ConfigKeys.SIP_HOST;
import static io.psip.gateway.config.ConfigKeys.SIP_MAX_BODY_BYTES;
import static io.psip.gateway.config.ConfigKeys.SIP_MAX_HEADER_BYTES;
import static io.psip.gateway.config.ConfigKeys.SIP_MAX_HEADER_COUNT;
import static io.psip.gateway.config.ConfigKeys.SIP_MAX_START_LINE_BYTES;
import static io.psip.gateway.config.ConfigKeys.SIP_PORT;
import static io.psip.gateway.config.ConfigKeys.SIP_T1_MS;
import static io.psip.gateway.config.ConfigKeys.SIP_T2_MS;
import static io.psip.gateway.config.ConfigKeys.SIP_T4_MS;
import static io.psip.gateway.config.ConfigKeys.SIP_TCP_IDLE_TIMEOUT_S;
import static io.psip.gateway.config.ConfigKeys.SIP_TCP_MAX_CONNECTIONS;
import static io.psip.gateway.config.ConfigKeys.SIP_UDP_RECEIVE_BUFFER_BYTES;

/**
 * The {@code sip} section of the configuration, as the stack's options. The agent stays the stack's default
 * ({@code psip}): it is also the Warning header's warn-agent, which must be a token (RFC 3261 §20.43), so no version.
 */
final class SipStackSettings {
  private SipStackSettings() {}

  /**
   * @param config         a validated tree holding the {@code sip} section
   * @param advertisedHost the host for Via and Contact (already derived when {@code sip.advertised_host} is empty)
   */
  static SipStackOptions toOptions(JsonObject config, String advertisedHost, Predicate<String> servedHost) {
    return new SipStackOptions()
        .setHost(SIP_HOST.get(config))
        .setPort(SIP_PORT.get(config))
        .setAdvertisedHost(advertisedHost)
        .setAgent("psip/" + Version.current())
        .setUdpReceiveBufferBytes(SIP_UDP_RECEIVE_BUFFER_BYTES.get(config))
        .setTcpIdleTimeoutSeconds(SIP_TCP_IDLE_TIMEOUT_S.get(config))
        .setMaxTcpConnections(SIP_TCP_MAX_CONNECTIONS.get(config))
        .setCodec(new SipCodecOptions()
            .setMaxStartLineBytes(SIP_MAX_START_LINE_BYTES.get(config))
            .setMaxHeaderBytes(SIP_MAX_HEADER_BYTES.get(config))
            .setMaxHeaderCount(SIP_MAX_HEADER_COUNT.get(config))
            .setMaxBodyBytes(SIP_MAX_BODY_BYTES.get(config)))
        .setTimers(new TimerSettings(SIP_T1_MS.get(config), SIP_T2_MS.get(config), SIP_T4_MS.get(config)))
        .setServedHost(servedHost);
  }
}
