package io.psip.call.b2bua;

import io.psip.sip.message.Address;
import io.psip.sip.message.SipUri;
import io.psip.sip.transport.TransportAddress;

import java.util.List;

/**
 * Where a {@code connect} goes, resolved from its endpoint: the new leg's Request-URI, next hop, From, To, and the
 * extra headers to send ({@code X-…}, {@code User-to-User}).
 *
 * @param toLabel      the new leg's {@code to} in events and records (the SIP URI or the phone number)
 * @param endpointType {@code sip} or {@code phone}
 */
record BridgeTarget(SipUri requestUri, TransportAddress destination, Address from, Address to,
                    List<Header> headers, String toLabel, String endpointType) {
  record Header(String name, String value) {}
}
