package io.psip.auth;

import io.psip.routing.Route;
import io.psip.sip.message.SipRequest;
import io.psip.sip.transport.TransportAddress;

/**
 * What an authenticator judges: the request, the packet's real source (never a header: RFC 3261 §18.2.1 received),
 * and what the router made of its Request-URI.
 */
public record AuthRequest(SipRequest request, TransportAddress source, Route.Admissible target) {}
