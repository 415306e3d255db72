package io.psip.sip.message;

import io.psip.sip.message.impl.Interned;
import io.psip.sip.message.impl.Lexer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Ordered {@code ;name[=value]} parameters. Names compare case-insensitively (RFC 3261 §7.3.1);
 * values are kept as written (a quoted value keeps its quotes). Immutable.
 */
public final class Parameters {
  public static final Parameters EMPTY = new Parameters(List.of());

  public record Param(String name, String value) {
    @Override
    public String toString() { return value == null ? name : name + '=' + value; }
  }

  private final List<Param> params;

  private Parameters(List<Param> params) { this.params = params; }

  public static Parameters of(List<Param> params) {
    return params.isEmpty() ? EMPTY : new Parameters(Collections.unmodifiableList(new ArrayList<>(params)));
  }

  /**
   * What a parser collects, in order: one parameter in a singleton list, more in an immutable list (no ArrayList
   * and wrapper per parameter list, which a parsed message would keep). The first two are held apart, so that the
   * usual one or two parameters need no array at all.
   */
  static final class Collector {
    private Param first;
    private Param second;
    private Param[] more;
    private int n;

    void add(Param p) {
      if (n == 0) first = p;
      else if (n == 1) second = p;
      else if (more == null) more = new Param[4];
      else if (n - 2 == more.length) more = Arrays.copyOf(more, more.length * 2);
      if (n >= 2) more[n - 2] = p;
      n++;
    }

    Parameters build() {
      if (n == 0) return EMPTY;
      if (n == 1) return new Parameters(Collections.singletonList(first));
      if (n == 2) return new Parameters(List.of(first, second));
      Param[] all = new Param[n];
      all[0] = first;
      all[1] = second;
      System.arraycopy(more, 0, all, 2, n - 2);
      return new Parameters(List.of(all));
    }
  }

  public List<Param> asList() { return params; }

  public boolean isEmpty() { return params.isEmpty(); }

  public boolean has(String name) { return find(name) != null; }

  /** The value, or {@code null} when absent or present without a value; see {@link #has}. */
  public String get(String name) {
    Param p = find(name);
    return p == null ? null : p.value;
  }

  Param find(String name) {
    for (Param p : params) if (p.name.equalsIgnoreCase(name)) return p;
    return null;
  }

  public Parameters with(String name, String value) {
    List<Param> copy = new ArrayList<>(params.size() + 1);
    boolean replaced = false;
    for (Param p : params) {
      if (!replaced && p.name.equalsIgnoreCase(name)) {
        copy.add(new Param(p.name, value));
        replaced = true;
      } else {
        copy.add(p);
      }
    }
    if (!replaced) copy.add(new Param(name, value));
    return new Parameters(Collections.unmodifiableList(copy));
  }

  public Parameters without(String name) {
    List<Param> copy = new ArrayList<>(params.size());
    for (Param p : params) if (!p.name.equalsIgnoreCase(name)) copy.add(p);
    return copy.size() == params.size() ? this : of(copy);
  }

  /** Appends {@code ;name=value} for each parameter. */
  public StringBuilder appendTo(StringBuilder b) {
    for (Param p : params) b.append(';').append(p);
    return b;
  }

  @Override
  public String toString() { return appendTo(new StringBuilder()).toString(); }

  @Override
  public boolean equals(Object o) { return o instanceof Parameters other && other.params.equals(params); }

  @Override
  public int hashCode() { return params.hashCode(); }

  /**
   * Checks that {@code ;name[=value]} would parse back as a header parameter (generic-param = token [ EQUAL gen-value ],
   * gen-value = token / host / quoted-string): what {@link Address} and {@link Via} accept when building.
   *
   * @throws IllegalArgumentException when it would not
   */
  public static void checkHeaderParam(String name, String value) {
    if (name == null || !Lexer.isToken(name)) throw new IllegalArgumentException("invalid parameter name: " + name);
    if (value == null) return;
    boolean ok;
    if (value.startsWith("\"")) {
      Lexer lx = new Lexer(value);
      try {
        lx.quotedString("parameter " + name);
        ok = lx.atEnd() && value.indexOf('\r') < 0 && value.indexOf('\n') < 0;
      } catch (SipSyntaxException e) {
        ok = false;
      }
    } else {
      ok = !value.isEmpty();
      for (int i = 0; ok && i < value.length(); i++) {
        char c = value.charAt(i);
        ok = Lexer.isTokenChar(c) || c == ':' || c == '[' || c == ']';
      }
    }
    if (!ok) throw new IllegalArgumentException("invalid value of parameter " + name + ": " + value);
  }

  /** Where an unquoted gen-value ends (besides LWS). */
  private static final boolean[] VALUE_STOPS = Lexer.charSet(";,\"<>");

  /**
   * Parses {@code *( SEMI generic-param )} of a header (RFC 3261 §25.1): generic-param = token [ EQUAL gen-value ],
   * gen-value = token / host / quoted-string. Stops at end, at ',' (next list element) or at anything else.
   */
  public static Parameters parseHeaderParams(Lexer lx) throws SipSyntaxException {
    Collector list = new Collector(); // made before the loop, never null: escape analysis can then drop it
    while (lx.tryMark(';')) {
      String name = Interned.paramName(lx.source(), lx.skipToken("parameter name"), lx.pos());
      String value = null;
      if (lx.tryMark('=')) {
        if (lx.peek() == '"') {
          value = lx.quotedString("parameter " + name);
        } else {
          // token / host; host covers IPv6 references, and RFC 5118 §4.5 asks us to accept
          // received=[2001:db8::9:255] as well as the unbracketed form.
          // one pass: where the value ends and its first character that is not allowed
          CharSequence src = lx.source();
          int start = lx.pos();
          int end = lx.end();
          int p = start;
          int bad = -1;
          for (char c; p < end && (c = src.charAt(p)) != ' ' && c != '\t' && !(c < 128 && VALUE_STOPS[c]); p++) {
            if (bad < 0 && !Lexer.isTokenChar(c) && c != ':' && c != '[' && c != ']') bad = p;
          }
          if (p == start) throw lx.fail("empty value of parameter " + name);
          if (bad >= 0) throw lx.fail("invalid character '" + src.charAt(bad) + "' in parameter " + name);
          lx.pos(p);
          value = Lexer.substring(src, start, p);
        }
      }
      list.add(new Param(name, value));
    }
    return list.build();
  }
}
