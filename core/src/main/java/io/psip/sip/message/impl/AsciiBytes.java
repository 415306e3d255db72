package io.psip.sip.message.impl;

import java.nio.charset.StandardCharsets;

/**
 * ASCII bytes read as characters, one byte per char: lets the parsers read a parsed message's header values in
 * place, without decoding a String per value first. Only for bytes known to be ASCII, where this reading and UTF-8
 * decoding give the same characters (so the same verdicts, messages and Strings cut out).
 */
public final class AsciiBytes implements CharSequence {
  private final byte[] b;

  public AsciiBytes(byte[] b) { this.b = b; }

  /** True when this is a view of {@code bytes}. */
  public boolean holds(byte[] bytes) { return bytes == b; }

  /** {@code k} (ASCII, short) is at {@code from}: compared as bytes, with no char per byte. */
  public boolean regionEquals(int from, byte[] k) {
    if (from < 0 || from > b.length - k.length) return false;
    for (int i = 0; i < k.length; i++) if (b[from + i] != k[i]) return false;
    return true;
  }

  /** The first {@code c} in {@code [from, to)}, or -1. */
  public int indexOf(char c, int from, int to) {
    if (c >= 128) return -1;
    for (int i = from; i < to; i++) if (b[i] == c) return i;
    return -1;
  }

  @Override
  public int length() { return b.length; }

  @Override
  public char charAt(int i) { return (char) (b[i] & 0xff); }

  /** A String of {@code [from, to)}: ASCII is Latin-1, copied as it is. */
  @Override
  public String subSequence(int from, int to) {
    return from == to ? "" : new String(b, from, to - from, StandardCharsets.ISO_8859_1);
  }

  @Override
  public String toString() { return subSequence(0, b.length); }
}
