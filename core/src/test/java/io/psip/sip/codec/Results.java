package io.psip.sip.codec;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Comparable renderings of decoder output: two runs gave the same results iff their fingerprints are equal. */
final class Results {
  private Results() {}

  static String fingerprint(DecodeResult r) {
    if (r instanceof DecodeResult.Message m) return "M " + Base64.getEncoder().encodeToString(m.message().encode());
    if (r instanceof DecodeResult.Failure f) {
      ParseFailure p = f.failure();
      return "F " + p.status() + " request=" + p.request() + " close=" + f.closeConnection() + " " + p.reason();
    }
    return "K ping=" + ((DecodeResult.KeepAlive) r).ping();
  }

  static List<String> fingerprints(List<DecodeResult> rs) {
    List<String> out = new ArrayList<>(rs.size());
    for (DecodeResult r : rs) out.add(fingerprint(r));
    return out;
  }
}
