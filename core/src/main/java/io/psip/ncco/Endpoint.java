package io.psip.ncco;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@code connect} action's endpoint. */
public sealed interface Endpoint
    permits Endpoint.SipEndpoint, Endpoint.PhoneEndpoint, Endpoint.WebsocketEndpoint, Endpoint.AppEndpoint,
        Endpoint.VbcEndpoint {

  /** The endpoint's {@code type} as written in the NCCO. */
  String type();

  /**
   * {@code {"type":"sip","uri":…,"headers":{…},"standardHeaders":{"User-to-User":…}}}.
   *
   * @param uri a {@code sip:} or {@code sips:} URI, as written (parameters such as {@code ;transport=tls} kept)
   * @param headers custom headers, keys as written (token characters only) and <b>without</b> the {@code X-}
   *     prefix: the executor sends each as {@code X-<key>: <value>}; never null, insertion order kept
   * @param userToUser the {@code standardHeaders."User-to-User"} value (RFC 7433), sent as is; null when absent
   */
  record SipEndpoint(String uri, Map<String, String> headers, String userToUser) implements Endpoint {
    public SipEndpoint {
      headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    @Override public String type() { return "sip"; }
  }

  /**
   * {@code {"type":"phone","number":…}}.
   *
   * @param number digits, optionally with a leading {@code +}
   * @param dtmfAnswer digits sent once the callee answers ({@code [0-9#*p]}); null when absent
   * @param onAnswerUrl {@code onAnswer.url}; null when absent
   * @param onAnswerRingbackTone {@code onAnswer.ringbackTone}; null when absent
   */
  record PhoneEndpoint(String number, String dtmfAnswer, String onAnswerUrl, String onAnswerRingbackTone)
      implements Endpoint {
    public PhoneEndpoint(String number, String dtmfAnswer) { this(number, dtmfAnswer, null, null); }

    @Override public String type() { return "phone"; }
  }

  /**
   * {@code {"type":"websocket","uri":"wss://…","content-type":"audio/l16;rate=16000","headers":{…}}}.
   *
   * @param headers arbitrary JSON sent to the socket (≤ 512 bytes encoded); a copy is returned
   * @param authorization {@code {type, value}} or null
   */
  record WebsocketEndpoint(String uri, String contentType, JsonObject headers, JsonObject authorization)
      implements Endpoint {
    public WebsocketEndpoint {
      headers = headers == null ? new JsonObject() : headers.copy();
      authorization = authorization == null ? null : authorization.copy();
    }

    @Override public JsonObject headers() { return headers.copy(); }

    @Override public JsonObject authorization() { return authorization == null ? null : authorization.copy(); }

    @Override public String type() { return "websocket"; }
  }

  /** {@code {"type":"app","user":…}}: a Vonage Client SDK user. */
  record AppEndpoint(String user) implements Endpoint {
    @Override public String type() { return "app"; }
  }

  /** {@code {"type":"vbc","extension":…}}: a Vonage Business Communications extension. */
  record VbcEndpoint(String extension) implements Endpoint {
    @Override public String type() { return "vbc"; }
  }
}
