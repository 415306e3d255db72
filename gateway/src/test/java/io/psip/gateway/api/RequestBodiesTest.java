package io.psip.gateway.api;

import io.psip.gateway.http.Problems.InvalidParameter;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The body rules of applications and domains, without HTTP: defaults, ranges, and every bad field named at once. */
class RequestBodiesTest {
  private static final String APP = "c49f3586-9b3b-458b-89fc-3c8beb58865c";

  private static JsonObject voice(Fields f) { return VoiceCapability.parse(f); }

  private static JsonObject parseVoice(String json) {
    Violations v = new Violations();
    JsonObject voice = voice(Fields.of(new JsonObject(json), v));
    v.throwIfAny();
    return voice;
  }

  private static List<InvalidParameter> voiceProblems(String json) {
    return catchThrowableOfType(ApiProblem.class, () -> parseVoice(json)).invalidParameters();
  }

  @Test
  void voiceWebhooksGetVonagesDefaults() {
    JsonObject voice = parseVoice("""
        {"capabilities":{"voice":{"webhooks":{
          "answer_url":{"address":"https://example.com/answer"},
          "fallback_answer_url":{"address":"https://example.com/fallback"},
          "event_url":{"address":"https://example.com/event"}}}}}""");
    assertThat(voice).isEqualTo(new JsonObject("""
        {"webhooks":{
          "answer_url":{"address":"https://example.com/answer","http_method":"GET","connect_timeout":1000,"socket_timeout":5000},
          "fallback_answer_url":{"address":"https://example.com/fallback","http_method":"GET","connect_timeout":1000,"socket_timeout":5000},
          "event_url":{"address":"https://example.com/event","http_method":"POST","connect_timeout":1000,"socket_timeout":10000}},
         "signed_callbacks":true}"""));
  }

  @Test
  void givenValuesAreKeptAndConnectionTimeoutIsAnAlias() {
    JsonObject voice = parseVoice("""
        {"capabilities":{"voice":{"signed_callbacks":"false","webhooks":{
          "answer_url":{"address":"http://pbx.example.com/a","http_method":"POST","connection_timeout":300,"socket_timeout":1000},
          "event_url":{"address":"http://pbx.example.com/e","http_method":"GET","connect_timeout":500,"connection_timeout":500,
                       "socket_timeout":10000}}}}}""");
    assertThat(voice.getBoolean("signed_callbacks")).isFalse();
    JsonObject answer = voice.getJsonObject("webhooks").getJsonObject("answer_url");
    assertThat(answer).isEqualTo(new JsonObject(
        "{\"address\":\"http://pbx.example.com/a\",\"http_method\":\"POST\",\"connect_timeout\":300,\"socket_timeout\":1000}"));
    assertThat(voice.getJsonObject("webhooks").getJsonObject("event_url").getInteger("connect_timeout")).isEqualTo(500);
    assertThat(voice.getJsonObject("webhooks").containsKey("fallback_answer_url")).isFalse();
  }

  @Test
  void noCapabilitiesIsAnEmptyVoiceObject() {
    assertThat(parseVoice("{}")).isEqualTo(new JsonObject());
    assertThat(parseVoice("{\"capabilities\":{}}")).isEqualTo(new JsonObject());
  }

  @Test
  void everyBadWebhookFieldIsNamed() {
    assertThat(voiceProblems("""
        {"capabilities":{"voice":{"signed_callbacks":"yes","webhooks":{
          "answer_url":{"address":"ftp://x","http_method":"PATCH","connect_timeout":299,"socket_timeout":5001},
          "fallback_answer_url":{"connect_timeout":1000.5},
          "event_url":{"address":"https://e.example.com","socket_timeout":10001,"connect_timeout":400,"connection_timeout":500}}}}}"""))
        .containsExactly(
            new InvalidParameter("capabilities.voice.webhooks.answer_url.address", "must be an absolute http or https URL with a host"),
            new InvalidParameter("capabilities.voice.webhooks.answer_url.http_method", "must be one of: GET, POST"),
            new InvalidParameter("capabilities.voice.webhooks.answer_url.connect_timeout", "must be an integer from 300 to 1000"),
            new InvalidParameter("capabilities.voice.webhooks.answer_url.socket_timeout", "must be an integer from 1000 to 5000"),
            new InvalidParameter("capabilities.voice.webhooks.fallback_answer_url.address", "is required"),
            new InvalidParameter("capabilities.voice.webhooks.fallback_answer_url.connect_timeout", "must be an integer from 300 to 1000"),
            new InvalidParameter("capabilities.voice.webhooks.event_url.connection_timeout", "is another name for connect_timeout and must not differ from it"),
            new InvalidParameter("capabilities.voice.webhooks.event_url.socket_timeout", "must be an integer from 1000 to 10000"),
            new InvalidParameter("capabilities.voice.signed_callbacks", "must be true or false"));
  }

  @Test
  void aVoiceCapabilityNeedsAnAnswerUrl() {
    assertThat(voiceProblems("{\"capabilities\":{\"voice\":{}}}"))
        .containsExactly(new InvalidParameter("capabilities.voice.webhooks.answer_url", "is required"));
    assertThat(voiceProblems("{\"capabilities\":{\"voice\":{\"webhooks\":{\"event_url\":{\"address\":\"https://e.example\"}}}}}"))
        .containsExactly(new InvalidParameter("capabilities.voice.webhooks.answer_url", "is required"));
    assertThat(voiceProblems("{\"capabilities\":{\"voice\":[]}}"))
        .containsExactly(new InvalidParameter("capabilities.voice", "must be an object"));
    assertThat(voiceProblems("{\"capabilities\":{\"voice\":{\"webhooks\":{\"answer_url\":\"https://a.example\"}}}}"))
        .containsExactly(new InvalidParameter("capabilities.voice.webhooks.answer_url", "must be an object"));
  }

  @Test
  void domainDefaultsAndNormalisedAcl() {
    DomainBody d = DomainBody.parse(new JsonObject()
        .put("name", "acme-01").put("application_id", APP).put("unknown_field", 1)
        .put("acl", List.of("192.0.2.7", "10.0.0.0/8", "2001:DB8::/32", "::ffff:198.51.100.1")), null);
    assertThat(d.name()).isEqualTo("acme-01");
    assertThat(d.applicationId()).hasToString(APP);
    assertThat(d.acl()).containsExactly("192.0.2.7/32", "10.0.0.0/8", "2001:db8::/32", "198.51.100.1/32");
    assertThat(d.digestAuth()).isFalse();
    assertThat(d.tls()).isEqualTo("optional");
    assertThat(d.srtp()).isEqualTo("optional");
    assertThat(d.domainType()).isEqualTo("app");
  }

  @Test
  void digestAuthTakesBooleanStringsInAnyCase() {
    for (String t : List.of("true", "True", "TRUE")) {
      assertThat(DomainBody.parse(domain().put("digest_auth", t), null).digestAuth()).isTrue();
    }
    assertThat(DomainBody.parse(domain().put("digest_auth", "False"), null).digestAuth()).isFalse();
    assertThat(DomainBody.parse(domain().put("digest_auth", true), null).digestAuth()).isTrue();
  }

  @Test
  void everyBadDomainFieldIsNamed() {
    JsonObject body = new JsonObject()
        .put("name", "Bad.Name").put("application_id", "not-a-uuid")
        .put("acl", List.of("10.0.0.7/24", "example.com", "10.0.0.1", "10.0.0.1/32", 42, "2001:db8::1/129"))
        .put("digest_auth", "yes").put("tls", "sometimes").put("srtp", "ALWAYS").put("domain_type", "pbx");
    ApiProblem p = catchThrowableOfType(ApiProblem.class, () -> DomainBody.parse(body, null));
    assertThat(p.status()).isEqualTo(422);
    assertThat(p.invalidParameters()).containsExactly(
        new InvalidParameter("name", "must be 5 to 32 characters of a-z, 0-9 and '-', starting and ending with a letter or digit"),
        new InvalidParameter("application_id", "must be a UUID"),
        new InvalidParameter("acl[0]", "has host bits set: the network of /24 is 10.0.0.0/24"),
        new InvalidParameter("acl[1]", "must be an IPv4 or IPv6 address or CIDR block"),
        new InvalidParameter("acl[3]", "repeats acl[2] (10.0.0.1/32)"),
        new InvalidParameter("acl[4]", "must be a string: an IPv4 or IPv6 address or CIDR block"),
        new InvalidParameter("acl[5]", "the prefix length must be a number from 0 to 128"),
        new InvalidParameter("digest_auth", "must be true or false"),
        new InvalidParameter("tls", "must be one of: always, never, optional"),
        new InvalidParameter("srtp", "must be one of: always, never, optional"),
        new InvalidParameter("domain_type", "must be one of: app, trunk"));
    assertThat(p.detail()).isEqualTo("11 invalid values, see invalid_parameters");
  }

  @Test
  void requiredDomainFieldsAndAclLimits() {
    assertThat(catchThrowableOfType(ApiProblem.class, () -> DomainBody.parse(new JsonObject(), null)).invalidParameters())
        .containsExactly(new InvalidParameter("name", "is required"), new InvalidParameter("application_id", "is required"));
    List<String> seventeen = new java.util.ArrayList<>();
    for (int i = 0; i < 17; i++) seventeen.add("10.0.0." + i);
    assertThat(catchThrowableOfType(ApiProblem.class, () -> DomainBody.parse(domain().put("acl", seventeen), null))
        .invalidParameters()).containsExactly(new InvalidParameter("acl", "must have at most 16 entries (has 17)"));
    assertThat(DomainBody.parse(domain().put("acl", seventeen.subList(0, 16)), null).acl()).hasSize(16);
    assertThat(catchThrowableOfType(ApiProblem.class, () -> DomainBody.parse(domain().put("acl", "10.0.0.1"), null))
        .invalidParameters()).containsExactly(new InvalidParameter("acl", "must be an array"));
  }

  @Test
  void putKeepsThePathNameAndRefusesARename() {
    assertThat(DomainBody.parse(new JsonObject().put("application_id", APP), "acme-01").name()).isEqualTo("acme-01");
    assertThat(catchThrowableOfType(ApiProblem.class, () -> DomainBody.parse(domain().put("name", "other"), "acme-01"))
        .invalidParameters())
        .containsExactly(new InvalidParameter("name", "cannot be changed: remove the domain and create it anew"));
  }

  private static JsonObject domain() { return new JsonObject().put("name", "acme-01").put("application_id", APP); }
}
