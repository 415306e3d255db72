package io.psip.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version this build was made from (filtered into {@code version.properties} by Maven). */
public final class Version {
  private static final String VERSION = read();

  private Version() {}

  public static String current() { return VERSION; }

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) return "dev";
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "dev");
      return v.startsWith("${") ? "dev" : v; // unfiltered copy (an IDE build)
    } catch (IOException e) {
      return "dev";
    }
  }
}
