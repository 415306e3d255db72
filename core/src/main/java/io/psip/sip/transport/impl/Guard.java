package io.psip.sip.transport.impl;

import io.psip.sip.transport.TransportAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last line of defence: a bug in handling one message is logged and never reaches the event loop. */
final class Guard {
  private static final Logger log = LoggerFactory.getLogger(Guard.class);

  private Guard() {}

  static void run(Runnable r, TransportAddress source) {
    try {
      r.run();
    } catch (RuntimeException | StackOverflowError e) {
      log.error("failed to process a message from {}", source, e);
    }
  }
}
