package io.psip.sip.message.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
    return from >= 0 && from <= b.length - k.length && equalAt(b, from, k);
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * {@code b[from, from + k.length)} equals {@code k} (which must fit): a short word (a header or parameter name) is
   * compared as two overlapping longs or ints, the first and the last bytes, instead of byte by byte.
   */
  public static boolean equalAt(byte[] b, int from, byte[] k) {
    int n = k.length;
    if (n >= 8) {
      if ((long) LONGS.get(b, from) != (long) LONGS.get(k, 0)) return false;
      if (n <= 16) return (long) LONGS.get(b, from + n - 8) == (long) LONGS.get(k, n - 8);
      for (int i = 8; i < n; i++) if (b[from + i] != k[i]) return false;
      return true;
    }
    if (n >= 4) {
      return (int) INTS.get(b, from) == (int) INTS.get(k, 0)
          && (int) INTS.get(b, from + n - 4) == (int) INTS.get(k, n - 4);
    }
    for (int i = 0; i < n; i++) if (b[from + i] != k[i]) return false;
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
