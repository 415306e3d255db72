package io.psip.call;

import io.psip.sip.message.SipMessage;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.transaction.ServerTransaction;
import io.psip.sip.transport.InboundMessage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This node's live calls: the concurrency caps, the dialogs in-dialog traffic is dispatched to (RFC 3261 §12.2: by
 * Call-ID and our tag), and the legs a hangup command can find. Written on the SIP context only; the counts may be
 * read from anywhere (health, metrics, tests' leak checks).
 */
public final class CallRegistry {
  /** Receives what arrives inside one of our dialogs. */
  public interface DialogParty {
    void onRequest(ServerTransaction tx);

    /** An ACK to a 2xx of a re-INVITE (the initial INVITE's ACK reaches its transaction's handler). */
    void onAck(SipRequest ack);

    /** A 2xx retransmitted after its transaction ended (RFC 3261 §13.2.2.4): acknowledge it again. */
    void onStrayResponse(SipResponse response);
  }

  /** A call a hangup command can end. */
  public interface Hangable {
    void hangup();
  }

  record DialogKey(String callId, String localTag) {}

  private final int maxCalls;
  private final int maxCallsPerAccount;
  private final Map<String, String> calls = new ConcurrentHashMap<>(); // inbound leg uuid -> account
  private final Map<String, AtomicInteger> perAccount = new ConcurrentHashMap<>();
  private final Map<DialogKey, DialogParty> dialogs = new ConcurrentHashMap<>();
  private final Map<String, Hangable> legs = new ConcurrentHashMap<>();

  public CallRegistry(int maxCalls, int maxCallsPerAccount) {
    this.maxCalls = maxCalls;
    this.maxCallsPerAccount = maxCallsPerAccount;
  }

  /** Takes a call slot for {@code leg}; the reason it cannot (a cap reached), or null. Released by {@link #release}. */
  public String reserve(Leg leg) {
    if (calls.size() >= maxCalls) return "this node carries its maximum of " + maxCalls + " calls";
    AtomicInteger n = perAccount.computeIfAbsent(leg.accountId(), k -> new AtomicInteger());
    if (n.get() >= maxCallsPerAccount) {
      return "account " + leg.accountId() + " has its maximum of " + maxCallsPerAccount + " concurrent calls";
    }
    n.incrementAndGet();
    calls.put(leg.uuid(), leg.accountId());
    return null;
  }

  /** Gives the slot back; harmless when already released. */
  public void release(Leg leg) {
    String account = calls.remove(leg.uuid());
    if (account == null) return;
    AtomicInteger n = perAccount.get(account);
    if (n != null && n.decrementAndGet() <= 0) perAccount.remove(account, n);
  }

  public void register(String callId, String localTag, DialogParty party) { dialogs.put(new DialogKey(callId, localTag), party); }

  public void unregister(String callId, String localTag) { dialogs.remove(new DialogKey(callId, localTag)); }

  public void registerLeg(String uuid, Hangable call) { legs.put(uuid, call); }

  public void unregisterLeg(String uuid) { legs.remove(uuid); }

  /** Routes an in-dialog request (To tag = ours) to its dialog; false when none matches (answer 481). */
  public boolean dispatch(ServerTransaction tx) {
    SipRequest r = tx.request();
    DialogParty party = party(r, r.to() == null ? null : r.to().tag());
    if (party == null) return false;
    party.onRequest(tx);
    return true;
  }

  public boolean dispatchAck(InboundMessage message) {
    SipRequest ack = (SipRequest) message.message();
    DialogParty party = party(ack, ack.to() == null ? null : ack.to().tag());
    if (party == null) return false;
    party.onAck(ack);
    return true;
  }

  /** Our requests carry our tag in From, so a stray response is matched by Call-ID and From tag. */
  public boolean dispatchStrayResponse(InboundMessage message) {
    SipResponse response = (SipResponse) message.message();
    DialogParty party = party(response, response.from() == null ? null : response.from().tag());
    if (party == null) return false;
    party.onStrayResponse(response);
    return true;
  }

  /** Ends the call that owns leg {@code uuid}; false when this node has no such live leg. */
  public boolean hangup(String uuid) {
    Hangable call = legs.get(uuid);
    if (call == null) return false;
    call.hangup();
    return true;
  }

  private DialogParty party(SipMessage m, String localTag) {
    if (localTag == null || m.callId() == null) return null;
    return dialogs.get(new DialogKey(m.callId(), localTag));
  }

  public int activeCalls() { return calls.size(); }

  public int activeCalls(String account) {
    AtomicInteger n = perAccount.get(account);
    return n == null ? 0 : n.get();
  }

  public int dialogs() { return dialogs.size(); }

  public int legs() { return legs.size(); }
}
