package io.psip.sip.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately simple reader for SIP messages that came back from the stack under test. It does not use psip's
 * codec, so that a codec bug cannot hide a stack bug: start line, unfolded header lines (compact names expanded),
 * and the body.
 */
public final class RawMessage {
  private static final Map<String, String> COMPACT = Map.ofEntries(
      Map.entry("v", "via"), Map.entry("f", "from"), Map.entry("t", "to"), Map.entry("i", "call-id"),
      Map.entry("m", "contact"), Map.entry("l", "content-length"), Map.entry("c", "content-type"),
      Map.entry("k", "supported"), Map.entry("e", "content-encoding"), Map.entry("s", "subject"));

  private final byte[] raw;
  private final String startLine;
  private final List<String[]> headers; // [lower-case long name, value]
  private final byte[] body;

  private RawMessage(byte[] raw, String startLine, List<String[]> headers, byte[] body) {
    this.raw = raw;
    this.startLine = startLine;
    this.headers = headers;
    this.body = body;
  }

  /** Parses one complete message (a datagram, or one framed by {@link #frame}). */
  public static RawMessage parse(byte[] raw) {
    int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
    int bodyStart;
    if (headEnd < 0) {
      headEnd = raw.length;
      bodyStart = raw.length;
    } else {
      bodyStart = headEnd + 4;
    }
    String head = new String(raw, 0, headEnd, StandardCharsets.UTF_8);
    String[] lines = head.split("\r\n");
    List<String[]> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if ((line.startsWith(" ") || line.startsWith("\t")) && !headers.isEmpty()) {
        String[] last = headers.get(headers.size() - 1);
        last[1] = last[1] + " " + line.trim();
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) continue;
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      name = COMPACT.getOrDefault(name, name);
      headers.add(new String[]{name, line.substring(colon + 1).trim()});
    }
    byte[] body = Arrays.copyOfRange(raw, Math.min(bodyStart, raw.length), raw.length);
    return new RawMessage(raw, lines[0], headers, body);
  }

  /**
   * Takes one message off the front of a TCP byte stream (leading CRLFs skipped), framed by Content-Length, or
   * returns {@code null} when the stream does not yet hold a whole message. {@code consumed[0]} receives the
   * number of bytes used.
   */
  public static RawMessage frame(byte[] stream, int len, int[] consumed) {
    int p = 0;
    while (p < len && (stream[p] == '\r' || stream[p] == '\n')) p++;
    int headEnd = indexOf(stream, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), p);
    if (headEnd < 0 || headEnd + 4 > len) return null;
    RawMessage head = parse(Arrays.copyOfRange(stream, p, headEnd + 4));
    String cl = head.header("Content-Length");
    int bodyLen = cl == null ? 0 : Integer.parseInt(cl.trim());
    int end = headEnd + 4 + bodyLen;
    if (end > len) return null;
    consumed[0] = end;
    return parse(Arrays.copyOfRange(stream, p, end));
  }

  static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) if (data[i + j] != pattern[j]) continue outer;
      return i;
    }
    return -1;
  }

  public boolean isResponse() { return startLine.startsWith("SIP/2.0 "); }

  /** The status code of a response, or -1 for a request. */
  public int status() {
    if (!isResponse()) return -1;
    String[] parts = startLine.split(" ", 3);
    return Integer.parseInt(parts[1]);
  }

  /** The method of a request, or the CSeq method of a response. */
  public String method() {
    if (isResponse()) return cseqMethod();
    return startLine.substring(0, startLine.indexOf(' '));
  }

  public String startLine() { return startLine; }

  /** The first value of a header (long or compact name, case-insensitive), or {@code null}. */
  public String header(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (String[] h : headers) if (h[0].equals(n)) return h[1];
    return null;
  }

  /** Every header line of this name, in order. */
  public List<String> headers(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    for (String[] h : headers) if (h[0].equals(n)) out.add(h[1]);
    return out;
  }

  /** The first Via value (first comma-separated element of the first Via line). */
  public String topVia() {
    String v = header("Via");
    if (v == null) return null;
    int comma = v.indexOf(',');
    return comma < 0 ? v : v.substring(0, comma).trim();
  }

  /** A parameter of the top Via: its value, "" when present without value, {@code null} when absent. */
  public String topViaParam(String name) {
    String v = topVia();
    if (v == null) return null;
    String[] parts = v.split(";");
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      int eq = p.indexOf('=');
      String pn = eq < 0 ? p : p.substring(0, eq).trim();
      if (pn.equalsIgnoreCase(name)) return eq < 0 ? "" : p.substring(eq + 1).trim();
    }
    return null;
  }

  public String callId() { return header("Call-ID"); }

  public String cseqMethod() {
    String c = header("CSeq");
    if (c == null) return null;
    String[] parts = c.trim().split("\\s+");
    return parts.length > 1 ? parts[1] : null;
  }

  public long cseqNumber() {
    String c = header("CSeq");
    return c == null ? -1 : Long.parseLong(c.trim().split("\\s+")[0]);
  }

  /** The tag parameter of To, or {@code null}. */
  public String toTag() { return tag(header("To")); }

  public String fromTag() { return tag(header("From")); }

  static String tag(String addr) {
    if (addr == null) return null;
    int gt = addr.lastIndexOf('>');
    String params = gt >= 0 ? addr.substring(gt + 1) : addr;
    for (String p : params.split(";")) {
      p = p.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("tag=")) return p.substring(4);
    }
    return null;
  }

  /** The Warning header's text, or {@code null}. */
  public String warning() { return header("Warning"); }

  public byte[] body() { return body.clone(); }

  public String bodyText() { return new String(body, StandardCharsets.UTF_8); }

  public byte[] raw() { return raw.clone(); }

  public String text() { return new String(raw, StandardCharsets.UTF_8); }

  @Override
  public String toString() { return text(); }
}
