package io.psip.sip.message;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** name-addr / addr-spec with header parameters: From, To, Contact, Route, Record-Route (RFC 3261 §20.10, §25.1). */
class AddressTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // value                                                     | display name        | uri                               | tag
      "\"Alice \\\"A\\\" Smith\" <sip:alice@atlanta.com>;tag=1928301774 | Alice \"A\" Smith | sip:alice@atlanta.com           | 1928301774",
      "Bob Smith <sip:bob@biloxi.com>                             | Bob Smith          | sip:bob@biloxi.com                | -",
      "caller<sip:caller@example.com>;tag=323                     | caller             | sip:caller@example.com            | 323",
      "\"caller\"<sip:caller@example.com>                         | caller             | sip:caller@example.com            | -",
      "<sip:carol@chicago.com>                                    | -                  | sip:carol@chicago.com             | -",
      "sip:bob@biloxi.com;tag=a6c85cf                             | -                  | sip:bob@biloxi.com                | a6c85cf",
      "\"\" <sip:anonymous@anonymous.invalid>                     | ''                 | sip:anonymous@anonymous.invalid   | -",
      "\"\\\\\\\"\" <sip:a@b>                                     | \\\"               | sip:a@b                           | -",
      "\"\u0416\u0435\u043d\u044f\" <sip:a@b>                     | \u0416\u0435\u043d\u044f | sip:a@b                     | -",
      "  \"A\"   <sip:a@b>  ;  tag = 1                            | A                  | sip:a@b                           | 1",
      "<tel:+1-201-555-0123>;tag=x                                | -                  | tel:+1-201-555-0123               | x",
      "tel:+1-201-555-0123;tag=x                                  | -                  | tel:+1-201-555-0123               | x",
      "token1~` token2'+_ token3*%!.- <sip:a@b>                   | token1~` token2'+_ token3*%!.- | sip:a@b                 | -",
  })
  void parsesAddresses(String value, String display, String uri, String tag) throws SipSyntaxException {
    Address a = Address.parse(value);
    assertThat(a.displayName()).isEqualTo(display);
    assertThat(a.uri().toString()).isEqualTo(uri);
    assertThat(a.tag()).isEqualTo(tag);
    assertThat(Address.parse(a.toString())).as("serialised as name-addr, parses back").isEqualTo(a);
  }

  @Test
  void inAnAddrSpecTheParametersBelongToTheHeader() throws SipSyntaxException {
    // RFC 3261 §20.10: without <> every ;param is a header parameter, never a URI parameter
    Address bare = Address.parse("sip:bob@biloxi.com;transport=tcp;unknownparam");
    assertThat(bare.sipUri().params().isEmpty()).isTrue();
    assertThat(bare.params().get("transport")).isEqualTo("tcp");
    assertThat(bare.params().has("unknownparam")).isTrue();

    Address bracketed = Address.parse("<sip:bob@biloxi.com;transport=tcp;unknownparam>;expires=60");
    assertThat(bracketed.sipUri().transport()).isEqualTo("tcp");
    assertThat(bracketed.sipUri().params().has("unknownparam")).isTrue();
    assertThat(bracketed.params().asList()).containsExactly(new Parameters.Param("expires", "60"));
  }

  @Test
  void quotedParameterValuesKeepTheirQuotesAndMayHoldSeparators() throws SipSyntaxException {
    Address a = Address.parse("<sip:a@b>;+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\";q=0.7;x=\"a;b,c\"");
    assertThat(a.params().get("+sip.instance")).isEqualTo("\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"");
    assertThat(a.params().get("q")).isEqualTo("0.7");
    assertThat(a.params().get("x")).isEqualTo("\"a;b,c\"");
  }

  @Test
  void parsesLists() throws SipSyntaxException {
    List<Address> list = Address.parseList(
        "<sip:a@b>, \"B, C\" <sip:c@d>;q=0.5 ,sip:e@f;expires=3600,Doe <sip:g@h;lr>");
    assertThat(list).extracting(a -> a.uri().toString()).containsExactly("sip:a@b", "sip:c@d", "sip:e@f", "sip:g@h;lr");
    assertThat(list.get(1).displayName()).isEqualTo("B, C");
    assertThat(list.get(1).params().get("q")).isEqualTo("0.5");
    assertThat(list.get(2).params().get("expires")).isEqualTo("3600");
    assertThat(list.get(3).displayName()).isEqualTo("Doe");
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "<sip:a@b                          | missing '>'",
      "< sip:t.watson@example.org >      | whitespace inside <>",
      "<sip:a@b >                        | whitespace inside <>",
      "Bell, Alexander <sip:a@b>         | must be quoted",
      "J. Smith, Jr. <sip:a@b>           | must be quoted",
      "\"unterminated <sip:a@b>          | unterminated quoted string",
      "sip:user@example.com?Route=%3Csip:sip.example.com%3E | enclosed in <>",
      "<>                                | empty <>",
      "''                                | missing URI",
      "<sip:a@b>;                        | parameter name",
      "<sip:a@b>;tag=                    | empty value",
      "<sip:a@b> junk                    | unexpected",
      "A \"B\" <sip:a@b>                 | must be quoted",
      "<sip:a@b>;;tag=1                  | parameter name",
      "\"A\" sip:a@b                     | expected '<'",
      "<sip:a@@b>                        | '@'",
      "<sip:[::1>                        | IPv6",
      "<sip:a@b>;x=a b                   | unexpected",
      "<sip:a@b>;x=\"open                | unterminated quoted string",
      "<sip:a@b>, <sip:c@d>              | unexpected ','",
  })
  void rejectsMalformedAddresses(String value, String why) {
    assertThatThrownBy(() -> Address.parse(value)).isInstanceOf(SipSyntaxException.class).hasMessageContaining(why);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"<sip:a@b>,", ",<sip:a@b>", "<sip:a@b>,,<sip:c@d>", "<sip:a@b>;;;;", "\"Joe\" <sip:joe@example.org>;;;;"})
  void rejectsEmptyListElementsAndParameters(String value) {
    assertThatThrownBy(() -> Address.parseList(value)).isInstanceOf(SipSyntaxException.class);
  }

  @Test
  void withTagAddsOrReplacesTheTag() throws SipSyntaxException {
    Address to = Address.parse("Bob <sip:bob@biloxi.com>");
    assertThat(to.withTag("a6c85cf").toString()).isEqualTo("\"Bob\" <sip:bob@biloxi.com>;tag=a6c85cf");
    assertThat(to.withTag("1").withTag("2").tag()).isEqualTo("2");
    assertThat(to.withTag("1").withTag("2").params().asList()).hasSize(1);
    assertThat(Address.of(SipUri.parse("sip:a@b")).toString()).isEqualTo("<sip:a@b>");
  }

  @Test
  void displayNamesAreQuotedAndEscapedWhenSerialised() throws SipSyntaxException {
    Address a = new Address("Say \"hi\" \\ bye", SipUri.parse("sip:a@b"), Parameters.EMPTY);
    assertThat(a.toString()).isEqualTo("\"Say \\\"hi\\\" \\\\ bye\" <sip:a@b>");
    assertThat(Address.parse(a.toString()).displayName()).isEqualTo("Say \"hi\" \\ bye");
  }

  @Test
  void refusesParametersThatWouldNotParse() throws SipSyntaxException {
    Address a = Address.parse("<sip:a@b>");
    assertThatThrownBy(() -> a.withTag("a b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.withTag("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.withParam("x;y", "1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.withParam("x", "1\r\nX-Injected: y")).isInstanceOf(IllegalArgumentException.class);
    assertThat(a.withParam("x", "\"quoted, fine\"").params().get("x")).isEqualTo("\"quoted, fine\"");
    assertThat(a.withParam("expires", null).toString()).isEqualTo("<sip:a@b>;expires");
  }
}
