package io.psip.bench;

import io.psip.auth.AuthOutcome;
import io.psip.auth.AuthRequest;
import io.psip.authdigest.DigestAlgorithm;
import io.psip.authdigest.DigestAuthenticator;
import io.psip.authdigest.DigestCredentials;
import io.psip.authdigest.DigestCredentialsParser;
import io.psip.authdigest.DigestOptions;
import io.psip.authdigest.DigestVerifier;
import io.psip.directory.AccountEntry;
import io.psip.directory.DirectoryChange;
import io.psip.directory.impl.InMemoryDirectory;
import io.psip.routing.Route;
import io.psip.sip.codec.DecodeResult;
import io.psip.sip.codec.SipMessageParser;
import io.psip.sip.message.SipRequest;
import io.psip.sip.transport.Transport;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SIP Connect digest (auth-digest), psip only, per algorithm ({@code MD5}, {@code SHA-256}):
 * <ul>
 *   <li>{@code verify}: {@link DigestVerifier#verify} on parsed credentials — the two hashes (HA2, response) and the
 *   constant-time compare; what every authenticated INVITE pays at least;</li>
 *   <li>{@code parse}: {@link DigestCredentialsParser#parse} of a Proxy-Authorization value;</li>
 *   <li>{@code challenge}: {@link DigestAuthenticator#authenticate} of an INVITE without credentials → 407 (a new
 *   HMAC nonce, two Proxy-Authenticate values);</li>
 *   <li>{@code admit}: {@link DigestAuthenticator#authenticate} of an INVITE with right credentials → admitted: ban
 *   check, realm selection, parse, directory lookup, nonce HMAC check, verify, replay ({@code nc}) check. Each
 *   invocation needs a fresh {@code nc} (a repeated one is a replay), so the INVITE is built in a
 *   {@code Level.Invocation} setup, outside the measured time (its ~µs cost is the client's, not psip's).</li>
 * </ul>
 * The realm, user and Request-URI are those of bench/load.sh's B2 (account {@code bench}, {@code sip.example.test}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DigestBenchmark {
  static final String REALM = "sip.example.test";
  static final String USER = "bench";
  static final String PASSWORD = "bench-secret-0123";
  static final String URI = "sip:14155550100@sip.example.test";
  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

  @Param({"MD5", "SHA-256"})
  public String algorithm;

  DigestAlgorithm alg;
  DigestAuthenticator digest;
  AuthRequest unauthenticated;
  Route.SipConnectRoute route;
  String header;
  DigestCredentials credentials;
  String ha1;
  String nonce;
  long nc;

  @Setup
  public void setup() {
    alg = DigestAlgorithm.fromToken(algorithm);
    InMemoryDirectory directory = new InMemoryDirectory();
    directory.apply(DirectoryChange.upsert(new AccountEntry(USER, "bench",
        DigestVerifier.ha1(DigestAlgorithm.MD5, USER, REALM, PASSWORD),
        DigestVerifier.ha1(DigestAlgorithm.SHA_256, USER, REALM, PASSWORD), "sig"), 1));
    DigestOptions options = DigestOptions.from(new JsonObject().put("nonce_key", Base64.getEncoder().encodeToString(KEY)));
    digest = new DigestAuthenticator(directory, options, Clock.systemUTC());
    route = new Route.SipConnectRoute("14155550100", REALM);
    unauthenticated = new AuthRequest(invite(null), source(), route);
    AuthOutcome challenge = digest.authenticate(unauthenticated).result();
    Matcher m = NONCE.matcher(((AuthOutcome.Challenge) challenge).headers().get(0).value());
    if (!m.find()) throw new IllegalStateException("no nonce in " + challenge);
    nonce = m.group(1);
    ha1 = DigestVerifier.ha1(alg, USER, REALM, PASSWORD);
    header = credentials(1);
    credentials = ((DigestCredentialsParser.Result.Parsed) DigestCredentialsParser.parse(header)).credentials();
    if (DigestVerifier.verify(credentials, "INVITE", URI, ha1) != DigestVerifier.Result.OK) {
      throw new IllegalStateException("credentials do not verify");
    }
  }

  String credentials(long count) {
    String ncText = String.format("%08x", count);
    String response = DigestVerifier.expectedResponse(alg, ha1, nonce, ncText, "0a4f113b", "auth", "INVITE", URI);
    return "Digest username=\"" + USER + "\",realm=\"" + REALM + "\",cnonce=\"0a4f113b\",nc=" + ncText
        + ",qop=auth,uri=\"" + URI + "\",nonce=\"" + nonce + "\",response=\"" + response + "\",algorithm="
        + alg.token();
  }

  static TransportAddress source() { return new TransportAddress(Transport.UDP, "127.0.0.1", 15091); }

  static SipRequest invite(String proxyAuthorization) {
    String text = "INVITE " + URI + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:15091;branch=z9hG4bK-4735-1-7;rport\r\n"
        + "From: \"PBX\" <sip:44201@127.0.0.1:15091>;tag=4735A1\r\n"
        + "To: <" + URI + ">\r\n"
        + "Call-ID: 1-4735@127.0.0.1\r\n"
        + "CSeq: 2 INVITE\r\n"
        + "Contact: <sip:pbx@127.0.0.1:15091;transport=UDP>\r\n"
        + (proxyAuthorization == null ? "" : "Proxy-Authorization: " + proxyAuthorization + "\r\n")
        + "Max-Forwards: 70\r\n"
        + "Content-Length: 0\r\n\r\n";
    DecodeResult r = new SipMessageParser().parseDatagram(text.getBytes(StandardCharsets.US_ASCII));
    return (SipRequest) ((DecodeResult.Message) r).message();
  }

  @Benchmark
  public DigestVerifier.Result verify() {
    return DigestVerifier.verify(credentials, "INVITE", URI, ha1);
  }

  @Benchmark
  public DigestCredentialsParser.Result parse() {
    return DigestCredentialsParser.parse(header);
  }

  @Benchmark
  public AuthOutcome challenge() {
    return digest.authenticate(unauthenticated).result();
  }

  /** One authenticated INVITE per invocation, with the next nonce count. */
  @State(Scope.Thread)
  public static class Fresh {
    AuthRequest request;

    @Setup(Level.Invocation)
    public void next(DigestBenchmark b) {
      request = new AuthRequest(invite(b.credentials(++b.nc + 1)), source(), b.route);
    }
  }

  @Benchmark
  public AuthOutcome admit(Fresh fresh) {
    AuthOutcome o = digest.authenticate(fresh.request).result();
    if (!(o instanceof AuthOutcome.Admitted)) throw new IllegalStateException("not admitted: " + o);
    return o;
  }
}
