package io.psip.sip.message;

import io.psip.sip.message.impl.AsciiBytes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A parsed message reads its key headers in place from its ASCII bytes ({@link AsciiBytes}); everything else reads
 * a decoded String. Both must give the same objects and the same errors: every key header value and Request-URI of
 * the torture corpus and the fuzz seeds, and single-character mutations of them, are parsed both ways. The value
 * sits between bytes that would change the verdict if a parser read past its range.
 */
class InPlaceParseTest {
  private static final String MUTATIONS = "<>@:;,\"[]% \t=?\\*0aZ-.";
  private static final byte[] PAD = "<@:]>\",;?".getBytes(StandardCharsets.US_ASCII);

  private interface Parse {
    Object parse(CharSequence s, int from, int to) throws SipSyntaxException;
  }

  private interface ParseString {
    Object parse(String s) throws SipSyntaxException;
  }

  private interface ParseBytes {
    Object parse(byte[] b, int from, int to) throws SipSyntaxException;
  }

  @Test
  void keyHeadersParseAlikeInPlace() {
    Set<String> vias = new LinkedHashSet<>();
    Set<String> addresses = new LinkedHashSet<>();
    Set<String> uris = new LinkedHashSet<>();
    Set<String> numbers = new LinkedHashSet<>();
    for (byte[] message : inputs()) {
      String text = new String(message, StandardCharsets.UTF_8);
      String[] lines = text.split("\r?\n", -1);
      String[] start = lines[0].split(" ");
      if (start.length == 3) uris.add(start[1]);
      for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
        int colon = lines[i].indexOf(':');
        if (colon <= 0) continue;
        String name = HeaderNames.canonical(lines[i].substring(0, colon).trim());
        String value = lines[i].substring(colon + 1).trim();
        switch (name) {
          case HeaderNames.VIA -> vias.add(value);
          case HeaderNames.FROM, HeaderNames.TO, HeaderNames.CONTACT, HeaderNames.ROUTE, HeaderNames.RECORD_ROUTE ->
              addresses.add(value);
          case HeaderNames.CSEQ, HeaderNames.MAX_FORWARDS, HeaderNames.CONTENT_LENGTH -> numbers.add(value);
          default -> { }
        }
      }
    }
    assertThat(vias).hasSizeGreaterThan(20);
    assertThat(addresses).hasSizeGreaterThan(50);
    int checked = 0;
    for (String v : variants(vias)) checked += same(v, Via::parseList, Via::parseList);
    for (String v : variants(addresses)) {
      checked += same(v, Address::parseList, Address::parseList);
      checked += same(v, Address::parse, Address::parse);
    }
    for (String v : variants(uris)) {
      checked += same(v, SipUri::parseAny, Uri::parse);
      checked += sameBytes(v, Uri::parseAscii, Uri::parse);
    }
    for (String v : variants(numbers)) {
      checked += sameBytes(v, CSeq::parse, CSeq::parse);
      checked += sameBytes(v, (b, f, t) -> CSeq.parseNumber(b, f, t, 255, "Max-Forwards"),
          s -> CSeq.parseNumber(s, 255, "Max-Forwards"));
    }
    assertThat(checked).isGreaterThan(10_000);
  }

  /** The values and, for each, every single-character replacement by one of {@link #MUTATIONS}, and its prefixes. */
  private static List<String> variants(Set<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      out.add(v);
      for (int i = 0; i < v.length(); i++) {
        out.add(v.substring(0, i));
        for (char c : MUTATIONS.toCharArray()) out.add(v.substring(0, i) + c + v.substring(i + 1));
      }
    }
    return out;
  }

  private static int same(String value, Parse inPlace, ParseString decoded) {
    return sameBytes(value, (b, f, t) -> inPlace.parse(new AsciiBytes(b), f, t), decoded);
  }

  /** 1 when {@code value} is ASCII and was compared, else 0. */
  private static int sameBytes(String value, ParseBytes inPlace, ParseString decoded) {
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    if (v.length != value.length()) return 0;
    byte[] b = new byte[PAD.length + v.length + PAD.length];
    System.arraycopy(PAD, 0, b, 0, PAD.length);
    System.arraycopy(v, 0, b, PAD.length, v.length);
    System.arraycopy(PAD, 0, b, PAD.length + v.length, PAD.length);
    String expected = outcome(() -> decoded.parse(value));
    String actual = outcome(() -> inPlace.parse(b, PAD.length, PAD.length + v.length));
    assertThat(actual).as("in place: %s", value).isEqualTo(expected);
    return 1;
  }

  private interface Call {
    Object call() throws SipSyntaxException;
  }

  private static String outcome(Call c) {
    try {
      Object o = c.call();
      return o instanceof SipUri u ? "uri " + u + " " + u.user() + " " + u.host() + " " + u.port() + " " + u.params()
          : "ok " + o;
    } catch (SipSyntaxException e) {
      return "error " + e.getMessage();
    }
  }

  /** The corpus files and the fuzz seeds, as bytes. */
  private static List<byte[]> inputs() {
    List<byte[]> out = new ArrayList<>();
    for (String dir : List.of("/conformance/", "/io/psip/sip/codec/CodecFuzzTestInputs/")) {
      URL url = InPlaceParseTest.class.getResource(dir);
      assertThat(url).as(dir).isNotNull();
      try (Stream<Path> walk = Files.walk(Path.of(url.toURI()))) {
        for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) out.add(Files.readAllBytes(p));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }
}
