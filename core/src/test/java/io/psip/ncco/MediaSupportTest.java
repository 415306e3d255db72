package io.psip.ncco;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaSupportTest {

  private static NccoAction first(String json) {
    return ((NccoResult.Valid) NccoParser.parse(json)).ncco().get(0);
  }

  @Test
  void connectToSipOrPhoneAndNotifyAreSupported() {
    assertThat(MediaSupport.unsupportedReason(first(
        "[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"sip\",\"uri\":\"sip:bob@pbx.example.com\"}]}]"))).isNull();
    assertThat(MediaSupport.unsupportedReason(first(
        "[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"phone\",\"number\":\"14155550100\"}]}]"))).isNull();
    assertThat(MediaSupport.isSupported(first(
        "[{\"action\":\"notify\",\"payload\":{},\"eventUrl\":[\"https://e.example\"]}]"))).isTrue();
  }

  @Test
  void mediaActionsAreRefusedWithAClearReason() {
    assertThat(MediaSupport.unsupportedReason(first("[{\"action\":\"talk\",\"text\":\"hi\"}]")))
        .isEqualTo("talk needs the media plane, which this psip build does not have");
    assertThat(MediaSupport.unsupportedReason(first("[{\"action\":\"stream\",\"streamUrl\":[\"https://e.example/a.mp3\"]}]")))
        .isEqualTo("stream needs the media plane, which this psip build does not have");
    assertThat(MediaSupport.unsupportedReason(first("[{\"action\":\"input\",\"type\":[\"dtmf\"]}]")))
        .isEqualTo("input needs the media plane, which this psip build does not have");
    assertThat(MediaSupport.unsupportedReason(first("[{\"action\":\"record\"}]")))
        .isEqualTo("record needs the media plane, which this psip build does not have");
    assertThat(MediaSupport.unsupportedReason(first("[{\"action\":\"conversation\",\"name\":\"r\"}]")))
        .isEqualTo("conversation needs the media plane, which this psip build does not have");
    assertThat(MediaSupport.unsupportedReason(first("[{\"action\":\"pay\",\"amount\":1}]")))
        .isEqualTo("pay needs the media plane, which this psip build does not have");
    assertThat(MediaSupport.unsupportedReason(first("[{\"action\":\"wait\"}]"))).contains("needs the media plane");
    assertThat(MediaSupport.unsupportedReason(first("[{\"action\":\"transfer\",\"conversationId\":\"CON-1\"}]")))
        .contains("needs the media plane");
    assertThat(MediaSupport.unsupportedReason(first(
        "[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"websocket\",\"uri\":\"wss://w.example\"}]}]")))
        .isEqualTo("connect to a websocket endpoint needs the media plane, which this psip build does not have");
    assertThat(MediaSupport.unsupportedReason(first(
        "[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"app\",\"user\":\"alice\"}]}]"))).contains("app endpoint");
    assertThat(MediaSupport.unsupportedReason(first(
        "[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"vbc\",\"extension\":\"1\"}]}]"))).contains("vbc endpoint");
  }
}
