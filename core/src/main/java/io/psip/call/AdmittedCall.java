package io.psip.call;

import io.psip.auth.AuthPrincipal;
import io.psip.directory.ApplicationEntry;
import io.psip.routing.Route;
import io.psip.sip.transaction.ServerTransaction;

/**
 * An inbound call the chain admitted: its INVITE transaction, who it belongs to, and its Vonage-style identity.
 *
 * @param uuid             this (inbound) leg's id
 * @param conversationUuid {@code CON-<uuid>}, shared by every leg of the call
 * @param from             the {@code from} webhook field
 * @param to               the {@code to} webhook field
 */
public record AdmittedCall(ServerTransaction invite, Route.Admissible route, AuthPrincipal principal,
                           ApplicationEntry application, String accountId, String uuid, String conversationUuid,
                           String from, String to) {}
