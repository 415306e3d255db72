package io.psip.ncco;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One NCCO action, as documented by Vonage (see the spec's §4). Optional fields that Vonage documents a
 * default for carry that default when absent; fields without one are null (or an empty list) when absent.
 * URL lists ({@code eventUrl}, {@code streamUrl}, …) hold exactly one URL when present, as Vonage requires.
 */
public sealed interface NccoAction
    permits NccoAction.Connect, NccoAction.Talk, NccoAction.Stream, NccoAction.Input, NccoAction.Record,
        NccoAction.Conversation, NccoAction.Notify, NccoAction.Wait, NccoAction.Transfer, NccoAction.Pay {

  /** The {@code action} name as written in the NCCO. */
  String action();

  int DEFAULT_CONNECT_TIMEOUT = 60;
  int MAX_CALL_LIMIT = 7200;

  private static List<String> list(List<String> l) { return l == null ? List.of() : List.copyOf(l); }

  /**
   * {@code connect}: exactly one endpoint.
   *
   * @param from caller ID (digits, optional leading {@code +}); null when absent
   * @param timeout seconds of ringing before giving up (default 60, 1–7200)
   * @param limit maximum call length in seconds (default and maximum 7200)
   * @param eventType {@code "synchronous"} or null
   * @param machineDetection {@code continue}|{@code hangup} or null
   * @param advancedMachineDetection as written (a copy), or null
   */
  record Connect(Endpoint endpoint, String from, boolean randomFromNumber, int timeout, int limit,
      List<String> eventUrl, String eventMethod, String eventType, String machineDetection,
      JsonObject advancedMachineDetection, String ringbackTone) implements NccoAction {
    public Connect {
      eventUrl = list(eventUrl);
      advancedMachineDetection = advancedMachineDetection == null ? null : advancedMachineDetection.copy();
    }

    @Override public JsonObject advancedMachineDetection() {
      return advancedMachineDetection == null ? null : advancedMachineDetection.copy();
    }

    /** {@code eventType: "synchronous"}: the eventUrl's answer on busy/failed/unanswered/rejected/timeout replaces the NCCO. */
    public boolean synchronous() { return "synchronous".equals(eventType); }

    @Override public String action() { return "connect"; }
  }

  /** {@code talk}: text-to-speech. {@code loop} 0 = forever; {@code level} -1..1. */
  record Talk(String text, boolean bargeIn, int loop, double level, String language, Integer style,
      boolean premium, String voiceName) implements NccoAction {
    @Override public String action() { return "talk"; }
  }

  /** {@code stream}: plays one audio file. */
  record Stream(List<String> streamUrl, double level, boolean bargeIn, int loop) implements NccoAction {
    public Stream { streamUrl = list(streamUrl); }

    @Override public String action() { return "stream"; }
  }

  /** {@code input}: collects DTMF and/or speech. {@code type} holds "dtmf" and/or "speech". */
  record Input(List<String> type, Dtmf dtmf, Speech speech, List<String> eventUrl, String eventMethod, String mode)
      implements NccoAction {
    public Input {
      type = list(type);
      eventUrl = list(eventUrl);
    }

    @Override public String action() { return "input"; }
  }

  /** {@code input.dtmf} settings (null in {@link Input} when absent). */
  record Dtmf(double timeOut, int maxDigits, boolean submitOnHash) {}

  /** {@code input.speech} settings (null in {@link Input} when absent). */
  record Speech(List<String> uuid, double endOnSilence, String language, List<String> context, int startTimeout,
      int maxDuration, boolean saveAudio, Integer sensitivity) {
    public Speech {
      uuid = list(uuid);
      context = list(context);
    }
  }

  /** {@code record}: asynchronous; runs alongside the following actions. */
  record Record(String format, String split, Integer channels, Integer endOnSilence, String endOnKey, int timeOut,
      boolean beepStart, List<String> eventUrl, String eventMethod, Transcription transcription)
      implements NccoAction {
    public Record { eventUrl = list(eventUrl); }

    @Override public String action() { return "record"; }
  }

  /** {@code transcription} inside {@code record} or {@code conversation}. */
  record Transcription(String language, List<String> eventUrl, String eventMethod, boolean sentimentAnalysis) {
    public Transcription { eventUrl = list(eventUrl); }
  }

  /** {@code conversation}: joins a named conference. */
  record Conversation(String name, List<String> musicOnHoldUrl, boolean startOnEnter, boolean endOnExit,
      boolean record, List<String> canSpeak, List<String> canHear, boolean mute, List<String> eventUrl,
      String eventMethod, Transcription transcription) implements NccoAction {
    public Conversation {
      musicOnHoldUrl = list(musicOnHoldUrl);
      canSpeak = list(canSpeak);
      canHear = list(canHear);
      eventUrl = list(eventUrl);
    }

    @Override public String action() { return "conversation"; }
  }

  /** {@code notify}: sends {@code payload} to {@code eventUrl}; an NCCO in the answer replaces the rest. */
  record Notify(JsonObject payload, List<String> eventUrl, String eventMethod) implements NccoAction {
    public Notify {
      payload = payload.copy();
      eventUrl = list(eventUrl);
    }

    @Override public JsonObject payload() { return payload.copy(); }

    @Override public String action() { return "notify"; }
  }

  /** {@code wait}: pauses for {@code timeout} seconds (0.1–7200, default 10). */
  record Wait(double timeout) implements NccoAction {
    @Override public String action() { return "wait"; }
  }

  /** {@code transfer}: moves the leg into an existing conversation; terminal. */
  record Transfer(String conversationId, boolean mute, List<String> canSpeak, List<String> canHear)
      implements NccoAction {
    public Transfer {
      canSpeak = list(canSpeak);
      canHear = list(canHear);
    }

    @Override public String action() { return "transfer"; }
  }

  /** {@code pay}: card payment by DTMF; {@code prompts} and {@code voice} kept as written (copies). */
  record Pay(double amount, String currency, List<String> eventUrl, JsonArray prompts, JsonObject voice)
      implements NccoAction {
    public Pay {
      eventUrl = list(eventUrl);
      prompts = prompts == null ? null : prompts.copy();
      voice = voice == null ? null : voice.copy();
    }

    @Override public JsonArray prompts() { return prompts == null ? null : prompts.copy(); }

    @Override public JsonObject voice() { return voice == null ? null : voice.copy(); }

    @Override public String action() { return "pay"; }
  }
}
