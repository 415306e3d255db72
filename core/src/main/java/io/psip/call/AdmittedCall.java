package io.psip.call;

import io.psip.auth.AuthPrincipal;
import io.psip.directory.ApplicationEntry;
import io.psip.routing.Route;
import io.psip.sip.transaction.ServerTransaction;

/**
 * An inbound call the chain admitted: its INVITE transaction, who it belongs to, and its inbound leg (uuid,
 * {@code CON-…} conversation, the {@code from}/{@code to} the application sees).
 */
public record AdmittedCall(ServerTransaction invite, Route.Admissible route, AuthPrincipal principal,
                           ApplicationEntry application, String accountId, Leg leg) {
  public String uuid() { return leg.uuid(); }
  public String conversationUuid() { return leg.conversationUuid(); }
  public String from() { return leg.from(); }
  public String to() { return leg.to(); }
}
