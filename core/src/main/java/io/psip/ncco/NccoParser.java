package io.psip.ncco;

import io.psip.sip.message.SipSyntaxException;
import io.psip.sip.message.Uri;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates an NCCO (the spec's §4 and §8). Every problem found is reported, each prefixed with
 * its path ({@code [0].endpoint[0].uri: not a sip: or sips: URI}); problems about the whole document have no
 * path ({@code not a JSON array}). Never throws. Unknown extra fields are ignored. SIP {@code headers} keys
 * are kept as written: adding {@code X-} is the executor's job.
 */
public final class NccoParser {
  /** Longest {@code User-to-User} value accepted (spec §8). */
  public static final int MAX_USER_TO_USER = 256;
  /** Longest {@code talk.text} accepted, SSML tags excluded (spec §8). */
  public static final int MAX_TALK_TEXT = 1500;
  /** Largest websocket {@code headers} object, in bytes of JSON (spec §8). */
  public static final int MAX_WEBSOCKET_HEADERS = 512;

  private static final Set<String> ACTIONS =
      Set.of("connect", "talk", "stream", "input", "record", "conversation", "notify", "wait", "transfer", "pay");

  private NccoParser() {}

  /** Parses the application's answer body. Null, blank, malformed or non-array input is {@link NccoResult.Invalid}. */
  public static NccoResult parse(String json) {
    if (json == null) return invalid("not a JSON array: no body");
    Object value;
    try {
      value = Json.decodeValue(json);
    } catch (RuntimeException | StackOverflowError e) {
      return invalid("not a JSON array: not valid JSON");
    }
    if (!(value instanceof JsonArray array)) return invalid("not a JSON array: the body is " + describe(value));
    return parse(array);
  }

  /** Validates an already decoded NCCO. */
  public static NccoResult parse(JsonArray ncco) {
    if (ncco == null) return invalid("not a JSON array: no body");
    try {
      return new NccoParser.Run().ncco(ncco);
    } catch (RuntimeException | StackOverflowError e) {
      // a JsonArray built in code can hold values JSON cannot; report instead of throwing
      return invalid("not a valid NCCO: " + e.getClass().getSimpleName());
    }
  }

  private static NccoResult invalid(String problem) { return new NccoResult.Invalid(List.of(problem)); }

  private static String describe(Object v) {
    if (v == null) return "null";
    if (v instanceof JsonObject) return "an object";
    if (v instanceof JsonArray) return "an array";
    if (v instanceof String) return "a string";
    if (v instanceof Boolean) return "a boolean";
    if (v instanceof Number) return "a number";
    return "a " + v.getClass().getSimpleName();
  }

  private static String quote(String s) {
    String shown = s.length() > 40 ? s.substring(0, 37) + "..." : s;
    StringBuilder b = new StringBuilder("\"");
    for (char c : shown.toCharArray()) {
      if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04x", (int) c));
      else if (c == '"' || c == '\\') b.append('\\').append(c);
      else b.append(c);
    }
    return b.append('"').toString();
  }

  /** One parse: collects problems. */
  private static final class Run {
    private final List<String> problems = new ArrayList<>();

    NccoResult ncco(JsonArray array) {
      if (array.isEmpty()) return invalid("an NCCO needs at least one action");
      List<NccoAction> actions = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        String path = "[" + i + "]";
        Object v = array.getValue(i);
        if (!(v instanceof JsonObject o)) {
          problem(path, "must be an object, not " + describe(v));
          continue;
        }
        NccoAction a = action(path, o);
        if (a != null) actions.add(a);
      }
      checkBargeIn(actions, array);
      if (!problems.isEmpty()) return new NccoResult.Invalid(problems);
      return new NccoResult.Valid(new Ncco(actions));
    }

    /** A talk/stream with bargeIn needs an input as the next non-talk action (Vonage's rule). */
    private void checkBargeIn(List<NccoAction> actions, JsonArray array) {
      if (actions.size() != array.size()) return; // indexes only line up when every action parsed
      for (int i = 0; i < actions.size(); i++) {
        boolean bargeIn = actions.get(i) instanceof NccoAction.Talk t && t.bargeIn()
            || actions.get(i) instanceof NccoAction.Stream s && s.bargeIn();
        if (!bargeIn) continue;
        int j = i + 1;
        while (j < actions.size() && actions.get(j) instanceof NccoAction.Talk) j++;
        if (j >= actions.size() || !(actions.get(j) instanceof NccoAction.Input)) {
          problem("[" + i + "].bargeIn", "true needs an input action next (after any talk actions)");
        }
      }
    }

    private NccoAction action(String path, JsonObject o) {
      Object name = o.getValue("action");
      if (name == null) {
        problem(path + ".action", "required");
        return null;
      }
      if (!(name instanceof String s)) {
        problem(path + ".action", "must be a string, not " + describe(name));
        return null;
      }
      if (!ACTIONS.contains(s)) {
        problem(path + ".action", "unknown action " + quote(s));
        return null;
      }
      int before = problems.size();
      NccoAction a = switch (s) {
        case "connect" -> connect(path, o);
        case "talk" -> talk(path, o);
        case "stream" -> stream(path, o);
        case "input" -> input(path, o);
        case "record" -> record(path, o);
        case "conversation" -> conversation(path, o);
        case "notify" -> notify(path, o);
        case "wait" -> waitAction(path, o);
        case "transfer" -> transfer(path, o);
        default -> pay(path, o);
      };
      return problems.size() == before ? a : null;
    }

    // ---- actions

    private NccoAction connect(String p, JsonObject o) {
      Endpoint endpoint = null;
      Object eps = o.getValue("endpoint");
      if (eps == null) problem(p + ".endpoint", "required");
      else if (!(eps instanceof JsonArray arr)) problem(p + ".endpoint", "must be an array, not " + describe(eps));
      else if (arr.size() != 1) problem(p + ".endpoint", "connect takes exactly 1 endpoint, not " + arr.size());
      else endpoint = endpoint(p + ".endpoint[0]", arr.getValue(0));
      String from = string(p, o, "from", false);
      if (from != null && !from.matches("\\+?[0-9]{1,32}")) problem(p + ".from", "must be a number (digits, optional leading +)");
      boolean random = bool(p, o, "randomFromNumber", false);
      if (random && from != null) problem(p + ".randomFromNumber", "cannot be combined with from");
      int timeout = intIn(p, o, "timeout", 1, 7200, NccoAction.DEFAULT_CONNECT_TIMEOUT);
      int limit = intIn(p, o, "limit", 1, NccoAction.MAX_CALL_LIMIT, NccoAction.MAX_CALL_LIMIT);
      List<String> eventUrl = urlList(p, o, "eventUrl", false);
      String method = method(p, o);
      String eventType = string(p, o, "eventType", false);
      if (eventType != null && !eventType.equals("synchronous")) {
        problem(p + ".eventType", "must be \"synchronous\" (or absent), not " + quote(eventType));
      }
      String md = oneOf(p, o, "machineDetection", Set.of("continue", "hangup"));
      JsonObject amd = object(p, o, "advancedMachineDetection", false);
      if (amd != null) {
        String ap = p + ".advancedMachineDetection";
        oneOf(ap, amd, "behavior", Set.of("continue", "hangup"));
        oneOf(ap, amd, "mode", Set.of("default", "detect", "detect_beep"));
        intIn(ap, amd, "beep_timeout", 30, 120, 0);
      }
      String ringback = url(p, o, "ringbackTone", false);
      return new NccoAction.Connect(endpoint, from, random, timeout, limit, eventUrl, method, eventType, md, amd,
          ringback);
    }

    private NccoAction talk(String p, JsonObject o) {
      String text = string(p, o, "text", true);
      if (text != null) {
        if (text.isBlank()) problem(p + ".text", "must not be empty");
        else if (text.replaceAll("<[^>]*>", "").length() > MAX_TALK_TEXT) {
          problem(p + ".text", "longer than " + MAX_TALK_TEXT + " characters");
        }
      }
      boolean bargeIn = bool(p, o, "bargeIn", false);
      int loop = intIn(p, o, "loop", 0, Integer.MAX_VALUE, 1);
      double level = numberIn(p, o, "level", -1, 1, 0);
      String language = string(p, o, "language", false);
      if (language != null && !language.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")) {
        problem(p + ".language", "not a BCP-47 language tag");
      }
      Integer style = o.getValue("style") == null ? null : intIn(p, o, "style", 0, Integer.MAX_VALUE, 0);
      boolean premium = bool(p, o, "premium", false);
      String voiceName = string(p, o, "voiceName", false);
      return new NccoAction.Talk(text, bargeIn, loop, level, language == null ? "en-US" : language, style, premium,
          voiceName);
    }

    private NccoAction stream(String p, JsonObject o) {
      List<String> url = urlList(p, o, "streamUrl", true);
      double level = numberIn(p, o, "level", -1, 1, 0);
      boolean bargeIn = bool(p, o, "bargeIn", false);
      int loop = intIn(p, o, "loop", 0, Integer.MAX_VALUE, 1);
      return new NccoAction.Stream(url, level, bargeIn, loop);
    }

    private NccoAction input(String p, JsonObject o) {
      List<String> type = stringList(p, o, "type", true);
      if (type != null) {
        if (type.isEmpty()) problem(p + ".type", "must name dtmf, speech or both");
        for (int i = 0; i < type.size(); i++) {
          String t = type.get(i);
          if (!t.equals("dtmf") && !t.equals("speech")) problem(p + ".type[" + i + "]", "must be \"dtmf\" or \"speech\", not " + quote(t));
          else if (type.indexOf(t) != i) problem(p + ".type[" + i + "]", "repeats " + quote(t));
        }
      }
      NccoAction.Dtmf dtmf = null;
      JsonObject d = object(p, o, "dtmf", false);
      if (d != null) {
        String dp = p + ".dtmf";
        dtmf = new NccoAction.Dtmf(numberIn(dp, d, "timeOut", 0, 10, 3), intIn(dp, d, "maxDigits", 1, 20, 4),
            bool(dp, d, "submitOnHash", false));
      }
      NccoAction.Speech speech = null;
      JsonObject s = object(p, o, "speech", false);
      if (s != null) {
        String sp = p + ".speech";
        List<String> uuid = stringList(sp, s, "uuid", false);
        if (uuid != null && uuid.size() != 1) problem(sp + ".uuid", "must hold exactly 1 leg UUID");
        speech = new NccoAction.Speech(uuid, numberIn(sp, s, "endOnSilence", 0.4, 10, 2.0),
            string(sp, s, "language", false), stringList(sp, s, "context", false),
            intIn(sp, s, "startTimeout", 1, 60, 10), intIn(sp, s, "maxDuration", 1, 60, 60),
            bool(sp, s, "saveAudio", false),
            s.getValue("sensitivity") == null ? null : intIn(sp, s, "sensitivity", 0, 100, 0));
      }
      List<String> eventUrl = urlList(p, o, "eventUrl", false);
      String method = method(p, o);
      String mode = oneOf(p, o, "mode", Set.of("synchronous", "asynchronous"));
      return new NccoAction.Input(type, dtmf, speech, eventUrl, method, mode);
    }

    private NccoAction record(String p, JsonObject o) {
      String format = oneOf(p, o, "format", Set.of("mp3", "wav", "ogg"));
      String split = oneOf(p, o, "split", Set.of("conversation"));
      Integer channels = o.getValue("channels") == null ? null : intIn(p, o, "channels", 1, 32, 1);
      Integer endOnSilence = o.getValue("endOnSilence") == null ? null : intIn(p, o, "endOnSilence", 3, 10, 3);
      String endOnKey = string(p, o, "endOnKey", false);
      if (endOnKey != null && !endOnKey.matches("[0-9*#]")) problem(p + ".endOnKey", "must be one of 0-9, * or #");
      int timeOut = intIn(p, o, "timeOut", 3, 7200, 7200);
      boolean beepStart = bool(p, o, "beepStart", false);
      List<String> eventUrl = urlList(p, o, "eventUrl", false);
      String method = method(p, o);
      NccoAction.Transcription transcription = transcription(p, o);
      if (format == null) format = channels != null && channels > 2 ? "wav" : "mp3";
      return new NccoAction.Record(format, split, channels, endOnSilence, endOnKey, timeOut, beepStart, eventUrl,
          method, transcription);
    }

    private NccoAction conversation(String p, JsonObject o) {
      String name = string(p, o, "name", true);
      if (name != null && name.isBlank()) problem(p + ".name", "must not be empty");
      List<String> moh = urlList(p, o, "musicOnHoldUrl", false);
      boolean startOnEnter = bool(p, o, "startOnEnter", true);
      boolean endOnExit = bool(p, o, "endOnExit", false);
      boolean record = bool(p, o, "record", false);
      List<String> canSpeak = stringList(p, o, "canSpeak", false);
      List<String> canHear = stringList(p, o, "canHear", false);
      boolean mute = bool(p, o, "mute", false);
      List<String> eventUrl = urlList(p, o, "eventUrl", false);
      String method = method(p, o);
      NccoAction.Transcription transcription = transcription(p, o);
      return new NccoAction.Conversation(name, moh, startOnEnter, endOnExit, record, canSpeak, canHear, mute,
          eventUrl, method, transcription);
    }

    private NccoAction notify(String p, JsonObject o) {
      JsonObject payload = object(p, o, "payload", true);
      List<String> eventUrl = urlList(p, o, "eventUrl", true);
      String method = method(p, o);
      return new NccoAction.Notify(payload == null ? new JsonObject() : payload, eventUrl, method);
    }

    private NccoAction waitAction(String p, JsonObject o) {
      return new NccoAction.Wait(numberIn(p, o, "timeout", 0.1, 7200, 10));
    }

    private NccoAction transfer(String p, JsonObject o) {
      String id = string(p, o, "conversationId", true);
      if (id != null && id.isBlank()) problem(p + ".conversationId", "must not be empty");
      return new NccoAction.Transfer(id, bool(p, o, "mute", false), stringList(p, o, "canSpeak", false),
          stringList(p, o, "canHear", false));
    }

    private NccoAction pay(String p, JsonObject o) {
      double amount = 0;
      if (o.getValue("amount") == null) problem(p + ".amount", "required");
      else amount = numberIn(p, o, "amount", 0.01, Double.MAX_VALUE, 0);
      String currency = string(p, o, "currency", false);
      if (currency != null && !currency.matches("[A-Za-z]{3}")) problem(p + ".currency", "must be a 3-letter currency code");
      List<String> eventUrl = urlList(p, o, "eventUrl", false);
      JsonArray prompts = null;
      Object pr = o.getValue("prompts");
      if (pr != null && !(pr instanceof JsonArray a)) problem(p + ".prompts", "must be an array, not " + describe(pr));
      else prompts = (JsonArray) pr;
      JsonObject voice = object(p, o, "voice", false);
      return new NccoAction.Pay(amount, currency == null ? "usd" : currency.toLowerCase(Locale.ROOT), eventUrl,
          prompts, voice);
    }

    private NccoAction.Transcription transcription(String p, JsonObject o) {
      JsonObject t = object(p, o, "transcription", false);
      if (t == null) return null;
      String tp = p + ".transcription";
      return new NccoAction.Transcription(string(tp, t, "language", false), urlList(tp, t, "eventUrl", false),
          method(tp, t), bool(tp, t, "sentimentAnalysis", false));
    }

    // ---- endpoints

    private Endpoint endpoint(String p, Object v) {
      if (!(v instanceof JsonObject o)) {
        problem(p, "must be an object, not " + describe(v));
        return null;
      }
      String type = string(p, o, "type", true);
      if (type == null) return null;
      switch (type) {
        case "sip":
          return sip(p, o);
        case "phone": {
          String number = string(p, o, "number", true);
          if (number != null && !number.matches("\\+?[0-9]{1,32}")) problem(p + ".number", "must be a number (digits, optional leading +)");
          String dtmf = string(p, o, "dtmfAnswer", false);
          if (dtmf != null && !dtmf.matches("[0-9#*p]+")) problem(p + ".dtmfAnswer", "may only hold 0-9, #, * and p");
          JsonObject onAnswer = object(p, o, "onAnswer", false);
          String url = null, ringback = null;
          if (onAnswer != null) {
            url = url(p + ".onAnswer", onAnswer, "url", true);
            ringback = url(p + ".onAnswer", onAnswer, "ringbackTone", false);
          }
          return new Endpoint.PhoneEndpoint(number, dtmf, url, ringback);
        }
        case "websocket": {
          String uri = string(p, o, "uri", true);
          if (uri != null && !hasScheme(uri, "ws", "wss")) problem(p + ".uri", "not a ws: or wss: URI");
          String ct = string(p, o, "content-type", false);
          if (ct != null && !ct.matches("audio/l16;rate=(8000|16000|24000)")) {
            problem(p + ".content-type", "must be audio/l16;rate=8000, 16000 or 24000");
          }
          JsonObject headers = object(p, o, "headers", false);
          if (headers != null && headers.encode().getBytes(StandardCharsets.UTF_8).length > MAX_WEBSOCKET_HEADERS) {
            problem(p + ".headers", "larger than " + MAX_WEBSOCKET_HEADERS + " bytes");
          }
          JsonObject auth = object(p, o, "authorization", false);
          if (auth != null) {
            oneOf(p + ".authorization", auth, "type", Set.of("vonage", "custom"));
            if ("custom".equals(auth.getValue("type"))) string(p + ".authorization", auth, "value", true);
          }
          return new Endpoint.WebsocketEndpoint(uri, ct, headers, auth);
        }
        case "app": {
          String user = string(p, o, "user", true);
          if (user != null && user.isBlank()) problem(p + ".user", "must not be empty");
          return new Endpoint.AppEndpoint(user);
        }
        case "vbc": {
          String ext = string(p, o, "extension", true);
          if (ext != null && ext.isBlank()) problem(p + ".extension", "must not be empty");
          return new Endpoint.VbcEndpoint(ext);
        }
        default:
          problem(p + ".type", "unknown endpoint type " + quote(type) + " (sip, phone, websocket, app or vbc)");
          return null;
      }
    }

    private Endpoint sip(String p, JsonObject o) {
      String uri = null;
      if (o.getValue("uri") == null && o.getValue("domain") != null) {
        problem(p + ".uri", "required (the domain/user trunk form is not supported by psip)");
      } else {
        uri = string(p, o, "uri", true);
      }
      if (uri != null && !isSipUri(uri)) problem(p + ".uri", "not a sip: or sips: URI");
      Map<String, String> headers = new LinkedHashMap<>();
      JsonObject h = object(p, o, "headers", false);
      if (h != null) {
        for (String key : h.fieldNames()) {
          String kp = p + ".headers." + key;
          if (!isToken(key)) {
            problem(p + ".headers", "key " + quote(key) + " is not a SIP header name (token characters only)");
            continue;
          }
          Object v = h.getValue(key);
          if (!(v instanceof String s)) {
            problem(kp, "must be a string, not " + describe(v));
          } else if (!isHeaderValue(s)) {
            problem(kp, "must not contain control characters (CR, LF, NUL…)");
          } else {
            headers.put(key, s);
          }
        }
      }
      String uui = null;
      JsonObject std = object(p, o, "standardHeaders", false);
      if (std != null) {
        String sp = p + ".standardHeaders";
        for (String key : std.fieldNames()) {
          if (!key.equals("User-to-User")) problem(sp, "unsupported header " + quote(key) + " (only User-to-User)");
        }
        uui = string(sp, std, "User-to-User", true);
        if (uui != null) {
          if (uui.isEmpty()) problem(sp + ".User-to-User", "must not be empty");
          else if (uui.length() > MAX_USER_TO_USER) problem(sp + ".User-to-User", "longer than " + MAX_USER_TO_USER + " characters");
          else if (!isHeaderValue(uui)) problem(sp + ".User-to-User", "must not contain control characters (CR, LF, NUL…)");
        }
      }
      return new Endpoint.SipEndpoint(uri, headers, uui);
    }

    // ---- field readers: each reports its own problem and returns a usable fallback

    private void problem(String path, String what) { problems.add(path + ": " + what); }

    private String string(String p, JsonObject o, String field, boolean required) {
      Object v = o.getValue(field);
      if (v == null) {
        if (required) problem(p + "." + field, "required");
        return null;
      }
      if (v instanceof String s) return s;
      problem(p + "." + field, "must be a string, not " + describe(v));
      return null;
    }

    private String oneOf(String p, JsonObject o, String field, Set<String> allowed) {
      String s = string(p, o, field, false);
      if (s == null || allowed.contains(s)) return s;
      problem(p + "." + field, "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ", not " + quote(s));
      return null;
    }

    private boolean bool(String p, JsonObject o, String field, boolean dflt) {
      Object v = o.getValue(field);
      if (v == null) return dflt;
      if (v instanceof Boolean b) return b;
      problem(p + "." + field, "must be true or false, not " + describe(v));
      return dflt;
    }

    private int intIn(String p, JsonObject o, String field, int min, int max, int dflt) {
      Object v = o.getValue(field);
      if (v == null) return dflt;
      if (!(v instanceof Number n) || !isIntegral(n)) {
        problem(p + "." + field, "must be a whole number, not " + describe(v));
        return dflt;
      }
      double d = n.doubleValue();
      if (d < min || d > max) {
        problem(p + "." + field, max == Integer.MAX_VALUE ? "must be at least " + min
            : "must be between " + min + " and " + max + ", not " + new BigDecimal(n.toString()).toPlainString());
        return dflt;
      }
      return n.intValue();
    }

    private double numberIn(String p, JsonObject o, String field, double min, double max, double dflt) {
      Object v = o.getValue(field);
      if (v == null) return dflt;
      if (!(v instanceof Number n) || Double.isNaN(n.doubleValue()) || Double.isInfinite(n.doubleValue())) {
        problem(p + "." + field, "must be a number, not " + describe(v));
        return dflt;
      }
      double d = n.doubleValue();
      if (d < min || d > max) {
        problem(p + "." + field, max == Double.MAX_VALUE ? "must be at least " + fmt(min)
            : "must be between " + fmt(min) + " and " + fmt(max) + ", not " + n);
        return dflt;
      }
      return d;
    }

    private JsonObject object(String p, JsonObject o, String field, boolean required) {
      Object v = o.getValue(field);
      if (v == null) {
        if (required) problem(p + "." + field, "required");
        return null;
      }
      if (v instanceof JsonObject j) return j;
      problem(p + "." + field, "must be an object, not " + describe(v));
      return null;
    }

    private List<String> stringList(String p, JsonObject o, String field, boolean required) {
      Object v = o.getValue(field);
      if (v == null) {
        if (required) problem(p + "." + field, "required");
        return null;
      }
      if (!(v instanceof JsonArray a)) {
        problem(p + "." + field, "must be an array, not " + describe(v));
        return null;
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        Object e = a.getValue(i);
        if (e instanceof String s) out.add(s);
        else problem(p + "." + field + "[" + i + "]", "must be a string, not " + describe(e));
      }
      return out;
    }

    /** Vonage's URL lists ({@code eventUrl}, {@code streamUrl}, …): an array with exactly one http(s) URL. */
    private List<String> urlList(String p, JsonObject o, String field, boolean required) {
      Object v = o.getValue(field);
      if (v == null) {
        if (required) problem(p + "." + field, "required");
        return List.of();
      }
      if (!(v instanceof JsonArray a)) {
        problem(p + "." + field, "must be an array with one URL, not " + describe(v));
        return List.of();
      }
      if (a.size() != 1) {
        problem(p + "." + field, "must hold exactly 1 URL, not " + a.size());
        return List.of();
      }
      Object e = a.getValue(0);
      String fp = p + "." + field + "[0]";
      if (!(e instanceof String s)) {
        problem(fp, "must be a string, not " + describe(e));
        return List.of();
      }
      if (!isHttpUrl(s)) {
        problem(fp, "not an absolute http: or https: URL");
        return List.of();
      }
      return List.of(s);
    }

    private String url(String p, JsonObject o, String field, boolean required) {
      String s = string(p, o, field, required);
      if (s != null && !isHttpUrl(s)) {
        problem(p + "." + field, "not an absolute http: or https: URL");
        return null;
      }
      return s;
    }

    /** {@code eventMethod}: GET or POST (any case; returned upper-case), default POST. */
    private String method(String p, JsonObject o) {
      String m = string(p, o, "eventMethod", false);
      if (m == null) return "POST";
      String up = m.toUpperCase(Locale.ROOT);
      if (up.equals("GET") || up.equals("POST")) return up;
      problem(p + ".eventMethod", "must be GET or POST, not " + quote(m));
      return "POST";
    }
  }

  // ---- checks

  private static boolean isIntegral(Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte || n instanceof BigInteger) {
      return true;
    }
    double d = n.doubleValue();
    return !Double.isNaN(d) && !Double.isInfinite(d) && d == Math.rint(d);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  static boolean isSipUri(String s) {
    if (!hasScheme(s, "sip", "sips")) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f) return false;
    }
    try {
      return Uri.parse(s).isSip();
    } catch (SipSyntaxException | RuntimeException e) {
      return false;
    }
  }

  private static boolean hasScheme(String s, String... schemes) {
    int colon = s.indexOf(':');
    if (colon <= 0 || colon == s.length() - 1) return false;
    String scheme = s.substring(0, colon);
    for (String x : schemes) if (x.equalsIgnoreCase(scheme)) return true;
    return false;
  }

  static boolean isHttpUrl(String s) {
    if (!hasScheme(s, "http", "https")) return false;
    try {
      URI u = new URI(s);
      return u.getHost() != null && !u.getHost().isEmpty();
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** RFC 3261 token. */
  static boolean isToken(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-.!%*_+`'~".indexOf(c) >= 0;
      if (!ok) return false;
    }
    return true;
  }

  /** No control characters (header injection: CR/LF would start a new header). UTF-8 text is allowed. */
  static boolean isHeaderValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
    }
    return true;
  }
}
