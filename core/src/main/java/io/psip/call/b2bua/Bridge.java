package io.psip.call.b2bua;

import io.psip.call.CallEvents;
import io.psip.call.CallRegistry;
import io.psip.sip.message.Address;
import io.psip.sip.stack.SipStack;
import io.psip.sip.transport.Transport;
import io.vertx.core.Vertx;

import java.util.function.Function;

/**
 * What every bridged call of a node shares: the stack it sends with, timers, reporting, the registry, and the
 * Contact psip puts in its requests and responses per transport.
 */
record Bridge(Vertx vertx, SipStack stack, CallEvents events, CallRegistry registry,
              Function<Transport, Address> contact) {}
