package io.psip.sip.codec;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The word-at-a-time CR/LF search agrees with a byte loop at every offset, length and byte value, and so does what
 * it reports about the bytes before the break (whether one is above 0x7F: the header section is ASCII or not).
 */
class LineBreakTest {
  private static int naive(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) if (b[i] == '\n' || b[i] == '\r') return i;
    return to;
  }

  @Test
  void findsTheFirstCrOrLfLikeAByteLoop() {
    Random rnd = new Random(4475);
    byte[] alphabet = {'\n', '\r', 'a', ' ', 0, (byte) 0x80, (byte) 0xff, 0x0b, 0x0c, 0x0e, 0x09, (byte) 0x8a, (byte) 0x8d};
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[1 + rnd.nextInt(40)];
      for (int i = 0; i < b.length; i++) {
        b[i] = rnd.nextInt(4) == 0 ? alphabet[rnd.nextInt(alphabet.length)] : (byte) rnd.nextInt(256);
      }
      int from = rnd.nextInt(b.length);
      int to = from + rnd.nextInt(b.length - from + 1);
      assertThat(SipMessageParser.lineBreak(b, from, to, new SipMessageParser.Head())).isEqualTo(naive(b, from, to));
      assertThat(nonAscii(b, from, to)).isEqualTo(naiveNonAscii(b, from, naive(b, from, to)));
    }
  }

  /** Whether lineBreak saw a byte above 0x7F before the break. */
  private static boolean nonAscii(byte[] b, int from, int to) {
    SipMessageParser.Head h = new SipMessageParser.Head();
    SipMessageParser.lineBreak(b, from, to, h);
    return (h.high & 0x8080808080808080L) != 0;
  }

  private static boolean naiveNonAscii(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) if (b[i] < 0) return true;
    return false;
  }

  @Test
  void findsTheFirstColonLikeAByteLoop() {
    Random rnd = new Random(3261);
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[1 + rnd.nextInt(40)];
      for (int i = 0; i < b.length; i++) b[i] = rnd.nextInt(6) == 0 ? (byte) ':' : (byte) rnd.nextInt(256);
      int from = rnd.nextInt(b.length);
      int to = from + rnd.nextInt(b.length - from + 1);
      int naive = from;
      while (naive < to && b[naive] != ':') naive++;
      assertThat(SipMessageParser.colon(b, from, to)).isEqualTo(naive);
    }
    for (int v = 0; v < 256; v++) {
      for (int pos = 0; pos < 16; pos++) {
        byte[] b = new byte[16];
        java.util.Arrays.fill(b, (byte) 'x');
        b[pos] = (byte) v;
        assertThat(SipMessageParser.colon(b, 0, 16)).as("byte %d at %d", v, pos).isEqualTo(v == ':' ? pos : 16);
      }
    }
  }

  @Test
  void everyByteValueAtEveryPositionOfAWord() {
    for (int v = 0; v < 256; v++) {
      for (int pos = 0; pos < 16; pos++) {
        byte[] b = new byte[16];
        java.util.Arrays.fill(b, (byte) 'x');
        b[pos] = (byte) v;
        assertThat(SipMessageParser.lineBreak(b, 0, 16, new SipMessageParser.Head())).isEqualTo(naive(b, 0, 16));
        assertThat(nonAscii(b, 0, 16)).as("byte %d at %d", v, pos).isEqualTo(naiveNonAscii(b, 0, naive(b, 0, 16)));
      }
    }
  }
}
