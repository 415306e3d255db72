package io.psip.sip.testing;

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

/**
 * The RFC 4475 / RFC 5118 torture messages, byte-exact: from the test resources ({@code /conformance/...}), or, while
 * those are not there yet, from the shared copy in {@code /work/shared/conformance}.
 */
public final class Corpus {
  private static final Path SHARED = Path.of("/work/shared/conformance");

  private Corpus() {}

  /** The bytes of e.g. {@code rfc4475/wsinv.dat}. */
  public static byte[] read(String name) {
    try (InputStream in = Corpus.class.getResourceAsStream("/conformance/" + name)) {
      if (in != null) return in.readAllBytes();
      return Files.readAllBytes(SHARED.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("corpus message " + name, e);
    }
  }

  /** Every {@code dir/file.dat} in the corpus, sorted. */
  public static List<String> names() {
    Path root = root();
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(p -> p.toString().endsWith(".dat")).forEach(p -> out.add(root.relativize(p).toString().replace('\\', '/')));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(null);
    return out;
  }

  private static Path root() {
    URL url = Corpus.class.getResource("/conformance/rfc4475/wsinv.dat");
    if (url != null && url.getProtocol().equals("file")) {
      try {
        return Path.of(url.toURI()).getParent().getParent();
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return SHARED;
  }
}
