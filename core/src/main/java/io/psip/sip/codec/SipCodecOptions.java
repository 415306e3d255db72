package io.psip.sip.codec;

/**
 * Limits on what the parser accepts. Every limit protects memory and CPU from hostile input; the defaults fit any
 * legitimate message seen from PBXs and carriers with a wide margin.
 */
public class SipCodecOptions {
  /** Longest start line (method, Request-URI, version). A longer request is answered 414. */
  public static final int DEFAULT_MAX_START_LINE_BYTES = 4096;
  /** Largest header section (every header line, folding included). Larger: 513. */
  public static final int DEFAULT_MAX_HEADER_BYTES = 16384;
  /** Most header fields in one message. More: 513. */
  public static final int DEFAULT_MAX_HEADER_COUNT = 128;
  /** Largest body. Larger: 513. UDP datagrams are bounded by 65,507 bytes anyway. */
  public static final int DEFAULT_MAX_BODY_BYTES = 65536;

  private int maxStartLineBytes = DEFAULT_MAX_START_LINE_BYTES;
  private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
  private int maxHeaderCount = DEFAULT_MAX_HEADER_COUNT;
  private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

  public SipCodecOptions() {}

  public SipCodecOptions(SipCodecOptions other) {
    maxStartLineBytes = other.maxStartLineBytes;
    maxHeaderBytes = other.maxHeaderBytes;
    maxHeaderCount = other.maxHeaderCount;
    maxBodyBytes = other.maxBodyBytes;
  }

  public int getMaxStartLineBytes() { return maxStartLineBytes; }

  public SipCodecOptions setMaxStartLineBytes(int v) { maxStartLineBytes = positive(v, "maxStartLineBytes"); return this; }

  public int getMaxHeaderBytes() { return maxHeaderBytes; }

  public SipCodecOptions setMaxHeaderBytes(int v) { maxHeaderBytes = positive(v, "maxHeaderBytes"); return this; }

  public int getMaxHeaderCount() { return maxHeaderCount; }

  public SipCodecOptions setMaxHeaderCount(int v) { maxHeaderCount = positive(v, "maxHeaderCount"); return this; }

  public int getMaxBodyBytes() { return maxBodyBytes; }

  public SipCodecOptions setMaxBodyBytes(int v) { maxBodyBytes = positive(v, "maxBodyBytes"); return this; }

  /** The most bytes one framed message can take: what a stream connection may buffer. */
  public int maxMessageBytes() { return saturated((long) headSectionBytes() + maxBodyBytes); }

  /** The most bytes a start line and header section can take, CRLFs and the empty line included. */
  int headSectionBytes() { return saturated((long) maxStartLineBytes + 2 + maxHeaderBytes + 2); }

  private static int saturated(long v) { return (int) Math.min(Integer.MAX_VALUE, v); }

  private static int positive(int v, String name) {
    if (v <= 0) throw new IllegalArgumentException(name + " must be positive");
    return v;
  }
}
