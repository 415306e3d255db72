package io.psip.gateway;

import java.nio.file.Path;

/** What {@code java -jar psip-gateway.jar [options]} was asked to do. */
record CommandLine(Path confFile, boolean cluster, boolean help) {
  static final String USAGE = """
      usage: java -jar psip-gateway.jar [--conf FILE] [--cluster] [--help]
        --conf FILE   JSON file whose keys override the defaults (conf/psip.json)
        --cluster     join a Vert.x cluster (same as cluster.enabled=true)
        --help        print this help and exit
      Every key a.b_c can also be set with the environment variable PSIP_A_B_C; later wins:
      defaults < --conf file < environment < command line.""";

  /** A command line psip cannot make sense of; the message is one line. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) { super(message, null, false, false); }
  }

  static CommandLine parse(String... args) {
    Path conf = null;
    boolean cluster = false;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
      } else if (arg.equals("--cluster")) {
        cluster = true;
      } else if (arg.equals("--conf") || arg.startsWith("--conf=")) {
        String value = arg.equals("--conf") ? (i + 1 < args.length ? args[++i] : "") : arg.substring("--conf=".length());
        if (value.isEmpty() || value.startsWith("--")) throw new UsageException("--conf needs a file name");
        if (conf != null) throw new UsageException("--conf given twice");
        try {
          conf = Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
          throw new UsageException("--conf " + value + ": not a valid path");
        }
      } else {
        throw new UsageException("unknown option " + arg + " (try --help)");
      }
    }
    return new CommandLine(conf, cluster, help);
  }
}
