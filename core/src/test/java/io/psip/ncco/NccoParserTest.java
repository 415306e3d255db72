package io.psip.ncco;

import static org.assertj.core.api.Assertions.assertThat;

import io.psip.ncco.Endpoint.AppEndpoint;
import io.psip.ncco.Endpoint.PhoneEndpoint;
import io.psip.ncco.Endpoint.SipEndpoint;
import io.psip.ncco.Endpoint.VbcEndpoint;
import io.psip.ncco.Endpoint.WebsocketEndpoint;
import io.psip.ncco.NccoAction.Connect;
import io.psip.ncco.NccoAction.Conversation;
import io.psip.ncco.NccoAction.Input;
import io.psip.ncco.NccoAction.Notify;
import io.psip.ncco.NccoAction.Pay;
import io.psip.ncco.NccoAction.Record;
import io.psip.ncco.NccoAction.Stream;
import io.psip.ncco.NccoAction.Talk;
import io.psip.ncco.NccoAction.Transfer;
import io.psip.ncco.NccoAction.Wait;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NccoParserTest {

  private static Ncco valid(String json) {
    NccoResult r = NccoParser.parse(json);
    assertThat(r).as("%s", r).isInstanceOf(NccoResult.Valid.class);
    return ((NccoResult.Valid) r).ncco();
  }

  private static List<String> problems(String json) {
    NccoResult r = NccoParser.parse(json);
    assertThat(r).as("%s", r).isInstanceOf(NccoResult.Invalid.class);
    return ((NccoResult.Invalid) r).problems();
  }

  /** A connect with one endpoint, for the endpoint rules. */
  private static List<String> endpointProblems(String endpoint) {
    return problems("[{\"action\":\"connect\",\"endpoint\":[" + endpoint + "]}]");
  }

  // ---- Vonage's documented shapes parse

  @Test
  void sipConnectAsTheBriefWritesIt() {
    Ncco n = valid("[{\"action\":\"connect\",\"from\":\"14155550100\",\"timeout\":45,\"eventType\":\"synchronous\","
        + "\"eventUrl\":[\"https://example.com/event\"],\"endpoint\":[{\"type\":\"sip\","
        + "\"uri\":\"sip:bob@pbx.example.com;transport=tcp\",\"headers\":{\"X-Route\":\"bench\"},"
        + "\"standardHeaders\":{\"User-to-User\":\"342342ef34;encoding=hex\"}}]}]");
    Connect c = (Connect) n.get(0);
    assertThat(c.from()).isEqualTo("14155550100");
    assertThat(c.timeout()).isEqualTo(45);
    assertThat(c.limit()).isEqualTo(7200);
    assertThat(c.synchronous()).isTrue();
    assertThat(c.eventUrl()).containsExactly("https://example.com/event");
    assertThat(c.eventMethod()).isEqualTo("POST");
    SipEndpoint e = (SipEndpoint) c.endpoint();
    assertThat(e.uri()).isEqualTo("sip:bob@pbx.example.com;transport=tcp");
    // keys as written: the parser never adds X- (the executor does)
    assertThat(e.headers()).containsExactly(Map.entry("X-Route", "bench"));
    assertThat(e.userToUser()).isEqualTo("342342ef34;encoding=hex");
  }

  @Test
  void vonageSipEndpointExampleWithTalkFirst() {
    Ncco n = valid("[{\"action\":\"talk\",\"text\":\"Please wait while we connect you\"},"
        + "{\"action\":\"connect\",\"eventUrl\":[\"https://example.com/events\"],\"from\":\"447700900000\","
        + "\"endpoint\":[{\"type\":\"sip\",\"uri\":\"sip:rebekka@sip.mcrussell.com\","
        + "\"headers\":{\"location\":\"New York City\",\"occupation\":\"developer\"}}]}]");
    assertThat(n.size()).isEqualTo(2);
    Talk t = (Talk) n.get(0);
    assertThat(t.text()).isEqualTo("Please wait while we connect you");
    assertThat(t.loop()).isEqualTo(1);
    assertThat(t.language()).isEqualTo("en-US");
    SipEndpoint e = (SipEndpoint) ((Connect) n.get(1)).endpoint();
    assertThat(e.headers()).containsExactly(Map.entry("location", "New York City"), Map.entry("occupation", "developer"));
    assertThat(e.userToUser()).isNull();
    assertThat(((Connect) n.get(1)).timeout()).isEqualTo(60);
  }

  @Test
  void phoneConnectWithEveryOption() {
    Connect c = (Connect) valid("[{\"action\":\"connect\",\"from\":\"447700900000\",\"timeout\":30,\"limit\":600,"
        + "\"machineDetection\":\"hangup\",\"eventMethod\":\"GET\",\"ringbackTone\":\"https://example.com/ring.mp3\","
        + "\"advancedMachineDetection\":{\"behavior\":\"continue\",\"mode\":\"detect_beep\",\"beep_timeout\":45},"
        + "\"endpoint\":[{\"type\":\"phone\",\"number\":\"447700900001\",\"dtmfAnswer\":\"2p02p\","
        + "\"onAnswer\":{\"url\":\"https://example.com/answer.json\",\"ringbackTone\":\"https://example.com/r.wav\"}}]}]")
        .get(0);
    assertThat(c.limit()).isEqualTo(600);
    assertThat(c.eventMethod()).isEqualTo("GET");
    assertThat(c.machineDetection()).isEqualTo("hangup");
    assertThat(c.advancedMachineDetection().getString("mode")).isEqualTo("detect_beep");
    assertThat(c.synchronous()).isFalse();
    assertThat(c.endpoint()).isEqualTo(new PhoneEndpoint("447700900001", "2p02p", "https://example.com/answer.json",
        "https://example.com/r.wav"));
  }

  @Test
  void websocketAppAndVbcEndpoints() {
    Connect ws = (Connect) valid("[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"websocket\","
        + "\"uri\":\"wss://ws.example.com/socket\",\"content-type\":\"audio/l16;rate=16000\","
        + "\"headers\":{\"language\":\"en-GB\",\"caller-id\":\"447700900000\"}}]}]").get(0);
    WebsocketEndpoint w = (WebsocketEndpoint) ws.endpoint();
    assertThat(w.contentType()).isEqualTo("audio/l16;rate=16000");
    assertThat(w.headers().getString("language")).isEqualTo("en-GB");
    Connect app = (Connect) valid("[{\"action\":\"connect\",\"randomFromNumber\":true,"
        + "\"endpoint\":[{\"type\":\"app\",\"user\":\"alice\"}]}]").get(0);
    assertThat(app.endpoint()).isEqualTo(new AppEndpoint("alice"));
    assertThat(app.randomFromNumber()).isTrue();
    Connect vbc = (Connect) valid("[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"vbc\",\"extension\":\"111\"}]}]").get(0);
    assertThat(vbc.endpoint()).isEqualTo(new VbcEndpoint("111"));
  }

  @Test
  void ivrWithTalkBargeInAndInput() {
    Ncco n = valid("[{\"action\":\"talk\",\"text\":\"<speak>Press 1 for sales</speak>\",\"bargeIn\":true,"
        + "\"language\":\"en-GB\",\"style\":2,\"level\":0.5,\"loop\":0,\"premium\":true},"
        + "{\"action\":\"input\",\"type\":[\"dtmf\",\"speech\"],\"dtmf\":{\"maxDigits\":1,\"timeOut\":5,"
        + "\"submitOnHash\":true},\"speech\":{\"uuid\":[\"aaaaaaaa-bbbb-cccc-dddd-0123456789ab\"],"
        + "\"endOnSilence\":1.5,\"language\":\"en-GB\",\"context\":[\"sales\",\"support\"],\"startTimeout\":5,"
        + "\"maxDuration\":30,\"saveAudio\":true,\"sensitivity\":90},\"eventUrl\":[\"https://example.com/ivr\"],"
        + "\"mode\":\"asynchronous\"}]");
    Talk t = (Talk) n.get(0);
    assertThat(t.bargeIn()).isTrue();
    assertThat(t.loop()).isZero();
    assertThat(t.level()).isEqualTo(0.5);
    assertThat(t.style()).isEqualTo(2);
    Input in = (Input) n.get(1);
    assertThat(in.type()).containsExactly("dtmf", "speech");
    assertThat(in.dtmf()).isEqualTo(new NccoAction.Dtmf(5, 1, true));
    assertThat(in.speech().context()).containsExactly("sales", "support");
    assertThat(in.speech().endOnSilence()).isEqualTo(1.5);
    assertThat(in.speech().sensitivity()).isEqualTo(90);
    assertThat(in.mode()).isEqualTo("asynchronous");
  }

  @Test
  void recordStreamConversationNotify() {
    Ncco n = valid("[{\"action\":\"record\",\"format\":\"wav\",\"split\":\"conversation\",\"channels\":2,"
        + "\"endOnSilence\":3,\"endOnKey\":\"#\",\"timeOut\":60,\"beepStart\":true,"
        + "\"eventUrl\":[\"https://example.com/recordings\"],"
        + "\"transcription\":{\"language\":\"en-US\",\"eventUrl\":[\"https://example.com/t\"],\"sentimentAnalysis\":true}},"
        + "{\"action\":\"stream\",\"streamUrl\":[\"https://example.com/music.mp3\"],\"level\":-0.4,\"loop\":2},"
        + "{\"action\":\"conversation\",\"name\":\"team-standup\",\"musicOnHoldUrl\":[\"https://example.com/moh.mp3\"],"
        + "\"startOnEnter\":false,\"endOnExit\":true,\"record\":true,\"canHear\":[\"leg-1\"],\"canSpeak\":[\"leg-2\"]},"
        + "{\"action\":\"notify\",\"payload\":{\"foo\":\"bar\",\"n\":[1,2]},\"eventUrl\":[\"https://example.com/notify\"],"
        + "\"eventMethod\":\"POST\"}]");
    Record r = (Record) n.get(0);
    assertThat(r.format()).isEqualTo("wav");
    assertThat(r.channels()).isEqualTo(2);
    assertThat(r.endOnKey()).isEqualTo("#");
    assertThat(r.transcription().sentimentAnalysis()).isTrue();
    assertThat(((Stream) n.get(1)).loop()).isEqualTo(2);
    Conversation c = (Conversation) n.get(2);
    assertThat(c.startOnEnter()).isFalse();
    assertThat(c.endOnExit()).isTrue();
    assertThat(c.canSpeak()).containsExactly("leg-2");
    Notify no = (Notify) n.get(3);
    assertThat(no.payload()).isEqualTo(new JsonObject().put("foo", "bar").put("n", new JsonArray().add(1).add(2)));
  }

  @Test
  void defaultsWhenOptionalFieldsAreAbsent() {
    Ncco n = valid("[{\"action\":\"record\"},{\"action\":\"conversation\",\"name\":\"room\"},"
        + "{\"action\":\"wait\"},{\"action\":\"input\",\"type\":[\"dtmf\"]}]");
    Record r = (Record) n.get(0);
    assertThat(r.format()).isEqualTo("mp3");
    assertThat(r.timeOut()).isEqualTo(7200);
    assertThat(r.eventMethod()).isEqualTo("POST");
    assertThat(((Conversation) n.get(1)).startOnEnter()).isTrue();
    assertThat(((Wait) n.get(2)).timeout()).isEqualTo(10);
    assertThat(((Input) n.get(3)).dtmf()).isNull();
    assertThat(((Record) valid("[{\"action\":\"record\",\"channels\":3}]").get(0)).format()).isEqualTo("wav");
  }

  @Test
  void waitTransferAndPay() {
    Ncco n = valid("[{\"action\":\"wait\",\"timeout\":0.5},"
        + "{\"action\":\"pay\",\"amount\":9.99,\"currency\":\"EUR\",\"eventUrl\":[\"https://example.com/pay\"],"
        + "\"prompts\":[{\"type\":\"CardNumber\",\"text\":\"Enter your card\"}],\"voice\":{\"language\":\"en-GB\"}},"
        + "{\"action\":\"transfer\",\"conversationId\":\"CON-1234\",\"mute\":true,\"canHear\":[\"leg-1\"]}]");
    assertThat(((Wait) n.get(0)).timeout()).isEqualTo(0.5);
    Pay p = (Pay) n.get(1);
    assertThat(p.currency()).isEqualTo("eur");
    assertThat(p.prompts().size()).isEqualTo(1);
    Transfer t = (Transfer) n.get(2);
    assertThat(t.conversationId()).isEqualTo("CON-1234");
    assertThat(t.mute()).isTrue();
  }

  @Test
  void unknownExtraFieldsAreIgnoredAndEventMethodIsNormalised() {
    Connect c = (Connect) valid("[{\"action\":\"connect\",\"somethingNew\":{\"x\":1},\"eventMethod\":\"get\","
        + "\"endpoint\":[{\"type\":\"sip\",\"uri\":\"sips:alice@example.com:5061\",\"futureField\":true}]}]").get(0);
    assertThat(c.eventMethod()).isEqualTo("GET");
    assertThat(((SipEndpoint) c.endpoint()).uri()).isEqualTo("sips:alice@example.com:5061");
  }

  @Test
  void parsesAnAlreadyDecodedArray() {
    JsonArray a = new JsonArray().add(new JsonObject().put("action", "notify")
        .put("payload", new JsonObject().put("k", "v")).put("eventUrl", new JsonArray().add("http://10.0.0.1/n")));
    NccoResult r = NccoParser.parse(a);
    assertThat(r.isValid()).isTrue();
  }

  @Test
  void modelIsImmutable() {
    Connect c = (Connect) valid("[{\"action\":\"connect\",\"eventUrl\":[\"https://e.example/e\"],"
        + "\"endpoint\":[{\"type\":\"sip\",\"uri\":\"sip:a@b.example\",\"headers\":{\"k\":\"v\"}}]}]").get(0);
    SipEndpoint e = (SipEndpoint) c.endpoint();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.headers().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.eventUrl().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    Notify n = (Notify) valid("[{\"action\":\"notify\",\"payload\":{\"a\":1},\"eventUrl\":[\"https://e.example/n\"]}]").get(0);
    n.payload().put("b", 2);
    assertThat(n.payload().fieldNames()).containsExactly("a");
  }

  // ---- document-level problems

  @Test
  void documentLevelProblems() {
    assertThat(problems("")).containsExactly("not a JSON array: not valid JSON");
    assertThat(problems("[{\"action\":")).containsExactly("not a JSON array: not valid JSON");
    assertThat(problems("<html>oops</html>")).containsExactly("not a JSON array: not valid JSON");
    assertThat(problems("{\"action\":\"talk\",\"text\":\"hi\"}")).containsExactly("not a JSON array: the body is an object");
    assertThat(problems("\"hello\"")).containsExactly("not a JSON array: the body is a string");
    assertThat(problems("42")).containsExactly("not a JSON array: the body is a number");
    assertThat(problems("null")).containsExactly("not a JSON array: the body is null");
    assertThat(problems("[]")).containsExactly("an NCCO needs at least one action");
    assertThat(NccoParser.parse((String) null)).isEqualTo(new NccoResult.Invalid(List.of("not a JSON array: no body")));
    assertThat(NccoParser.parse((JsonArray) null).isValid()).isFalse();
  }

  @Test
  void elementAndActionProblems() {
    assertThat(problems("[null,1,\"talk\",[],{}]")).containsExactly(
        "[0]: must be an object, not null",
        "[1]: must be an object, not a number",
        "[2]: must be an object, not a string",
        "[3]: must be an object, not an array",
        "[4].action: required");
    assertThat(problems("[{\"action\":\"talk\",\"text\":\"hi\"},{\"action\":\"tlak\",\"text\":\"hi\"}]"))
        .containsExactly("[1].action: unknown action \"tlak\"");
    assertThat(problems("[{\"action\":7}]")).containsExactly("[0].action: must be a string, not a number");
    assertThat(problems("[{\"action\":\"Talk\",\"text\":\"hi\"}]")).containsExactly("[0].action: unknown action \"Talk\"");
  }

  // ---- connect rules

  @Test
  void connectEndpointCount() {
    assertThat(problems("[{\"action\":\"connect\"}]")).containsExactly("[0].endpoint: required");
    assertThat(problems("[{\"action\":\"connect\",\"endpoint\":[]}]"))
        .containsExactly("[0].endpoint: connect takes exactly 1 endpoint, not 0");
    assertThat(problems("[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"app\",\"user\":\"a\"},{\"type\":\"app\",\"user\":\"b\"}]}]"))
        .containsExactly("[0].endpoint: connect takes exactly 1 endpoint, not 2");
    assertThat(problems("[{\"action\":\"connect\",\"endpoint\":{\"type\":\"app\",\"user\":\"a\"}}]"))
        .containsExactly("[0].endpoint: must be an array, not an object");
    assertThat(endpointProblems("null")).containsExactly("[0].endpoint[0]: must be an object, not null");
    assertThat(endpointProblems("{}")).containsExactly("[0].endpoint[0].type: required");
    assertThat(endpointProblems("{\"type\":\"pstn\"}"))
        .containsExactly("[0].endpoint[0].type: unknown endpoint type \"pstn\" (sip, phone, websocket, app or vbc)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tel:+14155550100", "http://example.com", "sip:", "sip:bob@", "bob@example.com",
      "sip:bob@exa mple.com", "sip:bob@example.com\r\nX-Evil: 1", "", "sipx:bob@example.com"})
  void sipUriMustBeSipOrSips(String uri) {
    assertThat(endpointProblems(new JsonObject().put("type", "sip").put("uri", uri).encode()))
        .containsExactly("[0].endpoint[0].uri: not a sip: or sips: URI");
  }

  @Test
  void sipEndpointRules() {
    assertThat(endpointProblems("{\"type\":\"sip\"}")).containsExactly("[0].endpoint[0].uri: required");
    assertThat(endpointProblems("{\"type\":\"sip\",\"domain\":\"trunk1\",\"user\":\"bob\"}"))
        .containsExactly("[0].endpoint[0].uri: required (the domain/user trunk form is not supported by psip)");
    assertThat(endpointProblems("{\"type\":\"sip\",\"uri\":42}")).containsExactly("[0].endpoint[0].uri: must be a string, not a number");
    assertThat(endpointProblems("{\"type\":\"sip\",\"uri\":\"sip:a@b.example\",\"headers\":{\"bad key\":\"v\",\"ok\":1,\"inj\":\"a\\r\\nVia: x\"}}"))
        .containsExactly(
            "[0].endpoint[0].headers: key \"bad key\" is not a SIP header name (token characters only)",
            "[0].endpoint[0].headers.ok: must be a string, not a number",
            "[0].endpoint[0].headers.inj: must not contain control characters (CR, LF, NUL…)");
    assertThat(endpointProblems("{\"type\":\"sip\",\"uri\":\"sip:a@b.example\",\"headers\":[\"x\"]}"))
        .containsExactly("[0].endpoint[0].headers: must be an object, not an array");
  }

  @Test
  void userToUserRules() {
    String base = "{\"type\":\"sip\",\"uri\":\"sip:a@b.example\",\"standardHeaders\":";
    assertThat(endpointProblems(base + "{}}")).containsExactly("[0].endpoint[0].standardHeaders.User-to-User: required");
    assertThat(endpointProblems(base + "{\"User-to-User\":\"" + "a".repeat(257) + "\"}}"))
        .containsExactly("[0].endpoint[0].standardHeaders.User-to-User: longer than 256 characters");
    assertThat(valid("[{\"action\":\"connect\",\"endpoint\":[" + base + "{\"User-to-User\":\"" + "a".repeat(256) + "\"}}]}]").size())
        .isEqualTo(1);
    assertThat(endpointProblems(base + "{\"User-to-User\":\"ab\\ncd\"}}"))
        .containsExactly("[0].endpoint[0].standardHeaders.User-to-User: must not contain control characters (CR, LF, NUL…)");
    assertThat(endpointProblems(base + "{\"User-to-User\":\"ab\",\"Diversion\":\"x\"}}"))
        .containsExactly("[0].endpoint[0].standardHeaders: unsupported header \"Diversion\" (only User-to-User)");
    assertThat(endpointProblems(base + "\"x\"}")).containsExactly("[0].endpoint[0].standardHeaders: must be an object, not a string");
  }

  @Test
  void otherEndpointRules() {
    assertThat(endpointProblems("{\"type\":\"phone\"}")).containsExactly("[0].endpoint[0].number: required");
    assertThat(endpointProblems("{\"type\":\"phone\",\"number\":\"+44 7700\",\"dtmfAnswer\":\"12x\"}")).containsExactly(
        "[0].endpoint[0].number: must be a number (digits, optional leading +)",
        "[0].endpoint[0].dtmfAnswer: may only hold 0-9, #, * and p");
    assertThat(endpointProblems("{\"type\":\"phone\",\"number\":\"1\",\"onAnswer\":{}}"))
        .containsExactly("[0].endpoint[0].onAnswer.url: required");
    assertThat(endpointProblems("{\"type\":\"websocket\",\"uri\":\"https://x.example\",\"content-type\":\"audio/pcm\"}"))
        .containsExactly("[0].endpoint[0].uri: not a ws: or wss: URI",
            "[0].endpoint[0].content-type: must be audio/l16;rate=8000, 16000 or 24000");
    assertThat(endpointProblems("{\"type\":\"websocket\",\"uri\":\"wss://x.example\",\"headers\":{\"k\":\"" + "v".repeat(600) + "\"}}"))
        .containsExactly("[0].endpoint[0].headers: larger than 512 bytes");
    assertThat(endpointProblems("{\"type\":\"app\"}")).containsExactly("[0].endpoint[0].user: required");
    assertThat(endpointProblems("{\"type\":\"vbc\",\"extension\":\"\"}")).containsExactly("[0].endpoint[0].extension: must not be empty");
  }

  @Test
  void connectOptionRules() {
    String ep = ",\"endpoint\":[{\"type\":\"phone\",\"number\":\"1\"}]}]";
    assertThat(problems("[{\"action\":\"connect\",\"limit\":7201" + ep)).containsExactly("[0].limit: must be between 1 and 7200, not 7201");
    assertThat(problems("[{\"action\":\"connect\",\"limit\":0" + ep)).containsExactly("[0].limit: must be between 1 and 7200, not 0");
    assertThat(problems("[{\"action\":\"connect\",\"limit\":\"60\"" + ep)).containsExactly("[0].limit: must be a whole number, not a string");
    assertThat(problems("[{\"action\":\"connect\",\"timeout\":1.5" + ep)).containsExactly("[0].timeout: must be a whole number, not a number");
    assertThat(problems("[{\"action\":\"connect\",\"timeout\":0" + ep)).containsExactly("[0].timeout: must be between 1 and 7200, not 0");
    assertThat(problems("[{\"action\":\"connect\",\"eventType\":\"async\"" + ep))
        .containsExactly("[0].eventType: must be \"synchronous\" (or absent), not \"async\"");
    assertThat(problems("[{\"action\":\"connect\",\"eventUrl\":\"https://e.example\"" + ep))
        .containsExactly("[0].eventUrl: must be an array with one URL, not a string");
    assertThat(problems("[{\"action\":\"connect\",\"eventUrl\":[\"https://a.example\",\"https://b.example\"]" + ep))
        .containsExactly("[0].eventUrl: must hold exactly 1 URL, not 2");
    assertThat(problems("[{\"action\":\"connect\",\"eventUrl\":[\"/relative\"]" + ep))
        .containsExactly("[0].eventUrl[0]: not an absolute http: or https: URL");
    assertThat(problems("[{\"action\":\"connect\",\"eventMethod\":\"PUT\"" + ep))
        .containsExactly("[0].eventMethod: must be GET or POST, not \"PUT\"");
    assertThat(problems("[{\"action\":\"connect\",\"from\":\"alice\"" + ep))
        .containsExactly("[0].from: must be a number (digits, optional leading +)");
    assertThat(problems("[{\"action\":\"connect\",\"from\":\"1\",\"randomFromNumber\":true" + ep))
        .containsExactly("[0].randomFromNumber: cannot be combined with from");
    assertThat(problems("[{\"action\":\"connect\",\"machineDetection\":\"beep\"" + ep))
        .containsExactly("[0].machineDetection: must be one of continue, hangup, not \"beep\"");
    assertThat(problems("[{\"action\":\"connect\",\"advancedMachineDetection\":{\"beep_timeout\":10}" + ep))
        .containsExactly("[0].advancedMachineDetection.beep_timeout: must be between 30 and 120, not 10");
    assertThat(problems("[{\"action\":\"connect\",\"ringbackTone\":\"ftp://x.example/r.mp3\"" + ep))
        .containsExactly("[0].ringbackTone: not an absolute http: or https: URL");
    assertThat(valid("[{\"action\":\"connect\",\"limit\":7200,\"timeout\":120.0" + ep).size()).isEqualTo(1);
  }

  // ---- other actions' rules

  @Test
  void talkStreamInputRules() {
    assertThat(problems("[{\"action\":\"talk\"}]")).containsExactly("[0].text: required");
    assertThat(problems("[{\"action\":\"talk\",\"text\":\"" + "a".repeat(1501) + "\"}]"))
        .containsExactly("[0].text: longer than 1500 characters");
    // SSML tags do not count
    assertThat(valid("[{\"action\":\"talk\",\"text\":\"<speak>" + "a".repeat(1500) + "</speak>\"}]").size()).isEqualTo(1);
    assertThat(problems("[{\"action\":\"talk\",\"text\":\"hi\",\"level\":2,\"loop\":-1,\"bargeIn\":\"yes\"}]"))
        .containsExactly("[0].bargeIn: must be true or false, not a string", "[0].loop: must be at least 0",
            "[0].level: must be between -1 and 1, not 2");
    assertThat(problems("[{\"action\":\"talk\",\"text\":\"hi\",\"bargeIn\":true}]"))
        .containsExactly("[0].bargeIn: true needs an input action next (after any talk actions)");
    assertThat(problems("[{\"action\":\"stream\"}]")).containsExactly("[0].streamUrl: required");
    assertThat(problems("[{\"action\":\"input\"}]")).containsExactly("[0].type: required");
    assertThat(problems("[{\"action\":\"input\",\"type\":[\"dtmf\",\"voice\",\"dtmf\"],\"dtmf\":{\"maxDigits\":21,\"timeOut\":11},"
        + "\"speech\":{\"uuid\":[],\"endOnSilence\":0.1},\"mode\":\"sync\"}]")).containsExactly(
            "[0].type[1]: must be \"dtmf\" or \"speech\", not \"voice\"",
            "[0].type[2]: repeats \"dtmf\"",
            "[0].dtmf.timeOut: must be between 0 and 10, not 11",
            "[0].dtmf.maxDigits: must be between 1 and 20, not 21",
            "[0].speech.uuid: must hold exactly 1 leg UUID",
            "[0].speech.endOnSilence: must be between 0.4 and 10, not 0.1",
            "[0].mode: must be one of asynchronous, synchronous, not \"sync\"");
    assertThat(problems("[{\"action\":\"input\",\"type\":[]}]")).containsExactly("[0].type: must name dtmf, speech or both");
  }

  @Test
  void recordConversationNotifyWaitTransferPayRules() {
    assertThat(problems("[{\"action\":\"record\",\"format\":\"flac\",\"channels\":33,\"endOnKey\":\"##\",\"timeOut\":2,\"split\":\"yes\"}]"))
        .containsExactly("[0].format: must be one of mp3, ogg, wav, not \"flac\"",
            "[0].split: must be one of conversation, not \"yes\"",
            "[0].channels: must be between 1 and 32, not 33",
            "[0].endOnKey: must be one of 0-9, * or #",
            "[0].timeOut: must be between 3 and 7200, not 2");
    assertThat(problems("[{\"action\":\"conversation\"}]")).containsExactly("[0].name: required");
    assertThat(problems("[{\"action\":\"conversation\",\"name\":\"r\",\"canSpeak\":[1]}]"))
        .containsExactly("[0].canSpeak[0]: must be a string, not a number");
    assertThat(problems("[{\"action\":\"notify\"}]")).containsExactly("[0].payload: required", "[0].eventUrl: required");
    assertThat(problems("[{\"action\":\"notify\",\"payload\":[1],\"eventUrl\":[\"https://e.example\"]}]"))
        .containsExactly("[0].payload: must be an object, not an array");
    assertThat(problems("[{\"action\":\"wait\",\"timeout\":0.05}]")).containsExactly("[0].timeout: must be between 0.1 and 7200, not 0.05");
    assertThat(problems("[{\"action\":\"transfer\"}]")).containsExactly("[0].conversationId: required");
    assertThat(problems("[{\"action\":\"pay\"}]")).containsExactly("[0].amount: required");
    assertThat(problems("[{\"action\":\"pay\",\"amount\":0,\"currency\":\"euro\"}]"))
        .containsExactly("[0].amount: must be at least 0.01", "[0].currency: must be a 3-letter currency code");
  }

  @Test
  void everyProblemIsReportedTogether() {
    List<String> p = problems("[{\"action\":\"connect\",\"limit\":99999,\"eventType\":\"x\",\"endpoint\":[{\"type\":\"sip\","
        + "\"uri\":\"tel:1\",\"standardHeaders\":{\"User-to-User\":\"" + "b".repeat(300) + "\"}}]},"
        + "{\"action\":\"tlak\"},{\"action\":\"notify\",\"payload\":{}}]");
    assertThat(p).containsExactly(
        "[0].endpoint[0].uri: not a sip: or sips: URI",
        "[0].endpoint[0].standardHeaders.User-to-User: longer than 256 characters",
        "[0].limit: must be between 1 and 7200, not 99999",
        "[0].eventType: must be \"synchronous\" (or absent), not \"x\"",
        "[1].action: unknown action \"tlak\"",
        "[2].eventUrl: required");
    assertThat(((NccoResult.Invalid) NccoParser.parse("[{\"action\":\"tlak\"},{\"action\":\"wiat\"}]")).summary())
        .isEqualTo("[0].action: unknown action \"tlak\"; [1].action: unknown action \"wiat\"");
  }

  // ---- garbage never throws

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "[", "]", "[[[[", "{}", "[{}]", "[null]", "[true]", "[{\"action\":null}]",
      "[{\"action\":\"connect\",\"endpoint\":[null]}]", "[{\"action\":\"connect\",\"endpoint\":[[]]}]",
      "[{\"action\":\"connect\",\"endpoint\":[{\"type\":null}]}]", "[{\"action\":\"connect\",\"endpoint\":[{\"type\":[]}]}]",
      "[{\"action\":\"talk\",\"text\":{}}]", "[{\"action\":\"talk\",\"text\":\"x\",\"level\":1e400}]",
      "[{\"action\":\"talk\",\"text\":\"x\",\"loop\":1e30}]", "[{\"action\":\"connect\",\"limit\":-9223372036854775809,"
      + "\"endpoint\":[{\"type\":\"sip\",\"uri\":\"sip:\\u0000@x\",\"headers\":{\"\":null}}]}]",
      "[{\"action\":\"input\",\"type\":null,\"dtmf\":null,\"speech\":7}]", "\u0000", "NaN", "[NaN]",
      "[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"sip\",\"uri\":\"sip:a@b\",\"standardHeaders\":{\"User-to-User\":null}}]}]"})
  void garbageNeverThrows(String input) {
    NccoResult r = NccoParser.parse(input);
    assertThat(r.isValid()).isFalse();
    assertThat(((NccoResult.Invalid) r).problems()).isNotEmpty().allSatisfy(s -> assertThat(s).isNotBlank());
  }

  @Test
  void deepNestingAndNonJsonValuesNeverThrow() {
    String deep = "[" + "[".repeat(100_000) + "]".repeat(100_000) + "]";
    assertThat(NccoParser.parse(deep).isValid()).isFalse();
    String deepPayload = "[{\"action\":\"notify\",\"eventUrl\":[\"https://e.example\"],\"payload\":"
        + "{\"a\":".repeat(900) + "1" + "}".repeat(900) + "}]";
    assertThat(NccoParser.parse(deepPayload)).isNotNull();
    JsonArray odd = new JsonArray().add(new JsonObject().put("action", "notify").put("eventUrl", new JsonArray().add("https://e.example"))
        .put("payload", new JsonObject().put("thread", (Object) Thread.currentThread())));
    assertThat(NccoParser.parse(odd)).isNotNull();
  }
}
