package io.psip.sip.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A UDP relay on loopback between one SIP client and the stack, that drops chosen datagrams to force
 * retransmissions. The client sends to {@link #port()}; the relay forwards from its own second socket to the server,
 * and forwards what the server sends to that socket back to the client. (Responses reach the relay when the client
 * asks for {@code rport}, or when its Via names the relay; requests the client sends to the Contact of a response
 * pass through when that Contact names the relay.)
 * <p>
 * Drops are decided by rules, never at random: "drop the first N datagrams in this direction matching this
 * predicate", or "drop those matching until this condition holds". Everything seen is recorded, dropped or not.
 */
public final class LossyUdpRelay implements AutoCloseable {
  public enum Direction { TO_SERVER, TO_CLIENT }

  /**
   * One datagram the relay saw. A held datagram appears twice: when it arrived ({@code dropped}, {@code held}) and
   * when it was {@code released} (forwarded).
   */
  public record Event(Direction direction, RawMessage message, boolean dropped, boolean held, boolean released, long atNanos) {}

  private record Held(Direction direction, byte[] data, RawMessage message, Rule rule) {}

  /** A drop rule; {@link #dropped()} counts what it dropped. */
  public static final class Rule {
    private final Direction direction;
    private final Predicate<RawMessage> match;
    private int remaining;
    private final BooleanSupplier stop;
    private final BooleanSupplier release; // non-null: hold, then forward once this is true
    private int dropped;

    private Rule(Direction direction, Predicate<RawMessage> match, int remaining, BooleanSupplier stop, BooleanSupplier release) {
      this.direction = direction;
      this.match = match;
      this.remaining = remaining;
      this.stop = stop;
      this.release = release;
    }

    public synchronized int dropped() { return dropped; }

    synchronized boolean drops(Direction d, RawMessage m) {
      if (d != direction || !match.test(m)) return false;
      if (stop != null) {
        if (stop.getAsBoolean()) return false;
      } else {
        if (remaining <= 0) return false;
        remaining--;
      }
      dropped++;
      return true;
    }
  }

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final DatagramSocket front;
  private final DatagramSocket back;
  private final InetSocketAddress server;
  private final List<Rule> rules = new ArrayList<>();
  private final List<Event> events = new ArrayList<>();
  private final List<Held> held = new ArrayList<>();
  private volatile SocketAddress client;
  private final Thread frontReader;
  private final Thread backReader;

  /** A relay towards 127.0.0.1:serverPort. */
  public LossyUdpRelay(int serverPort) {
    try {
      front = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
      back = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
    server = new InetSocketAddress(LOOPBACK, serverPort);
    frontReader = thread(front, Direction.TO_SERVER);
    backReader = thread(back, Direction.TO_CLIENT);
  }

  /** Where the client sends. */
  public int port() { return front.getLocalPort(); }

  /** The port the server sees requests come from. */
  public int serverSidePort() { return back.getLocalPort(); }

  /** Drops the first {@code times} datagrams going {@code direction} that match. */
  public Rule drop(Direction direction, Predicate<RawMessage> match, int times) {
    Rule r = new Rule(direction, match, times, null, null);
    synchronized (rules) {
      rules.add(r);
    }
    return r;
  }

  /** Drops every matching datagram going {@code direction} until {@code stop} becomes true. */
  public Rule dropUntil(Direction direction, Predicate<RawMessage> match, BooleanSupplier stop) {
    Rule r = new Rule(direction, match, 0, stop, null);
    synchronized (rules) {
      rules.add(r);
    }
    return r;
  }

  /**
   * Holds back the first {@code times} matching datagrams going {@code direction} and forwards them, in order, as
   * soon as {@code release} is true (checked after every datagram the relay handles): a response delayed until the
   * client has retransmitted its request, say.
   */
  public Rule hold(Direction direction, Predicate<RawMessage> match, int times, BooleanSupplier release) {
    Rule r = new Rule(direction, match, times, null, release);
    synchronized (rules) {
      rules.add(r);
    }
    return r;
  }

  private Thread thread(DatagramSocket socket, Direction direction) {
    Thread t = new Thread(() -> pump(socket, direction), "lossy-relay-" + direction);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void pump(DatagramSocket socket, Direction direction) {
    byte[] buf = new byte[65536];
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (IOException e) {
        return;
      }
      byte[] data = Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
      RawMessage m = RawMessage.parse(data);
      if (direction == Direction.TO_SERVER) client = p.getSocketAddress();
      Rule matched = null;
      synchronized (rules) {
        for (Rule r : rules) {
          if (r.drops(direction, m)) {
            matched = r;
            break;
          }
        }
      }
      boolean hold = matched != null && matched.release != null;
      synchronized (events) {
        events.add(new Event(direction, m, matched != null, hold, false, System.nanoTime()));
        events.notifyAll();
      }
      if (hold) {
        synchronized (held) {
          held.add(new Held(direction, data, m, matched));
        }
      } else if (matched == null) {
        forward(direction, data);
      }
      releaseHeld();
    }
  }

  private void releaseHeld() {
    List<Held> ready = new ArrayList<>();
    synchronized (held) {
      for (var it = held.iterator(); it.hasNext(); ) {
        Held h = it.next();
        if (h.rule().release.getAsBoolean()) {
          ready.add(h);
          it.remove();
        }
      }
    }
    for (Held h : ready) {
      synchronized (events) {
        events.add(new Event(h.direction(), h.message(), false, false, true, System.nanoTime()));
        events.notifyAll();
      }
      forward(h.direction(), h.data());
    }
  }

  private void forward(Direction direction, byte[] data) {
    try {
      if (direction == Direction.TO_SERVER) {
        back.send(new DatagramPacket(data, data.length, server));
      } else if (client != null) {
        front.send(new DatagramPacket(data, data.length, client));
      }
    } catch (IOException e) {
      // closed while forwarding: the test is over
    }
  }

  public List<Event> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** How many datagrams going {@code direction} matched as they arrived (dropped, held or forwarded). */
  public int count(Direction direction, Predicate<RawMessage> match) {
    synchronized (events) {
      int n = 0;
      for (Event e : events) if (e.direction() == direction && !e.released() && match.test(e.message())) n++;
      return n;
    }
  }

  public int forwarded(Direction direction, Predicate<RawMessage> match) {
    synchronized (events) {
      int n = 0;
      for (Event e : events) if (e.direction() == direction && !e.dropped() && match.test(e.message())) n++;
      return n;
    }
  }

  /** Waits until at least {@code n} datagrams going {@code direction} matched. */
  public void awaitCount(Direction direction, Predicate<RawMessage> match, int n, java.time.Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (events) {
      while (count(direction, match) < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("relay saw only " + count(direction, match) + " of " + n + " " + direction
              + " within " + timeout + ": " + trace());
        }
        try {
          events.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /** One line per datagram, for failure messages. */
  public String trace() {
    StringBuilder sb = new StringBuilder();
    List<Event> all = events();
    long t0 = all.isEmpty() ? 0 : all.get(0).atNanos();
    for (Event e : all) {
      sb.append('\n').append(String.format("%6d ms", (e.atNanos() - t0) / 1_000_000))
          .append(e.direction() == Direction.TO_SERVER ? "  -> " : "  <- ")
          .append(e.message().startLine()).append(" [").append(e.message().header("CSeq")).append(']')
          .append(e.held() ? " HELD" : e.dropped() ? " DROPPED" : e.released() ? " RELEASED" : "");
    }
    return sb.toString();
  }

  public static Predicate<RawMessage> request(String method) {
    return m -> !m.isResponse() && m.startLine().startsWith(method + " ");
  }

  public static Predicate<RawMessage> response(int status, String cseqMethod) {
    return m -> m.isResponse() && m.status() == status && cseqMethod.equals(m.cseqMethod());
  }

  public static Predicate<RawMessage> responseTo(String cseqMethod) {
    return m -> m.isResponse() && cseqMethod.equals(m.cseqMethod());
  }

  @Override
  public void close() {
    front.close();
    back.close();
    try {
      frontReader.join(2000);
      backReader.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
