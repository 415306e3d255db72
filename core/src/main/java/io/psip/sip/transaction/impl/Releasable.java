package io.psip.sip.transaction.impl;

/** A transaction that drops what it no longer needs (its request, the TU's handlers) when its work is done. */
public interface Releasable {
  void release();
}
