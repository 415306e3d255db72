package io.psip.sip.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The RFC 4475 / RFC 5118 torture messages under {@code src/test/resources/conformance}, read as raw bytes. */
final class Corpus {
  private Corpus() {}

  static final String ROOT = "/conformance/";

  /** The bytes of {@code name}, e.g. {@code "rfc4475/wsinv.dat"}, exactly as stored. */
  static byte[] bytes(String name) {
    try (InputStream in = Corpus.class.getResourceAsStream(ROOT + name)) {
      if (in == null) throw new IllegalArgumentException("no corpus file " + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every {@code .dat} file of the corpus as {@code dir/name.dat}, sorted. */
  static List<String> files() {
    URL url = Corpus.class.getResource(ROOT);
    if (url == null) throw new IllegalStateException("corpus directory missing from the test class path");
    try (Stream<Path> walk = Files.walk(Path.of(url.toURI()))) {
      Path root = Path.of(url.toURI());
      List<String> out = new ArrayList<>();
      walk.filter(p -> p.toString().endsWith(".dat"))
          .forEach(p -> out.add(root.relativize(p).toString().replace('\\', '/')));
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Feeds {@code chunks} to a fresh decoder and returns everything it emitted. */
  static List<DecodeResult> stream(SipStreamDecoder decoder, byte[]... chunks) {
    List<DecodeResult> out = new ArrayList<>();
    for (byte[] c : chunks) decoder.decode(c, out::add);
    return out;
  }
}
