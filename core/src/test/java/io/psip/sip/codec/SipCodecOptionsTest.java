package io.psip.sip.codec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SipCodecOptionsTest {

  @Test
  void defaultsAndCopies() {
    SipCodecOptions o = new SipCodecOptions();
    assertThat(o.getMaxStartLineBytes()).isEqualTo(SipCodecOptions.DEFAULT_MAX_START_LINE_BYTES);
    assertThat(o.maxMessageBytes()).isEqualTo(4096 + 2 + 16384 + 2 + 65536);
    SipCodecOptions copy = new SipCodecOptions(o.setMaxBodyBytes(10));
    o.setMaxBodyBytes(20);
    assertThat(copy.getMaxBodyBytes()).isEqualTo(10);
    SipMessageParser p = new SipMessageParser(o);
    o.setMaxBodyBytes(30);
    assertThat(p.options().getMaxBodyBytes()).as("the parser keeps its own copy").isEqualTo(20);
  }

  @Test
  void limitsArePositive() {
    assertThatThrownBy(() -> new SipCodecOptions().setMaxStartLineBytes(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SipCodecOptions().setMaxHeaderBytes(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SipCodecOptions().setMaxHeaderCount(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hugeLimitsSaturateInsteadOfOverflowing() {
    SipCodecOptions o = new SipCodecOptions().setMaxStartLineBytes(Integer.MAX_VALUE)
        .setMaxHeaderBytes(Integer.MAX_VALUE).setMaxBodyBytes(Integer.MAX_VALUE);
    assertThat(o.maxMessageBytes()).isEqualTo(Integer.MAX_VALUE);
    SipStreamDecoder d = new SipStreamDecoder(new SipMessageParser(o));
    List<DecodeResult> rs = Corpus.stream(d, StreamDecoderSplitTest.INVITE_WITH_SDP);
    assertThat(rs).singleElement().isInstanceOf(DecodeResult.Message.class);
  }
}
