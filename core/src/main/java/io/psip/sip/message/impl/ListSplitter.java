package io.psip.sip.message.impl;

import java.util.List;

/** Splits a list header value at commas that are outside quoted strings, comments and {@code <>}. */
public final class ListSplitter {
  private ListSplitter() {}

  /**
   * RFC 3261 §25.1: inside a quoted-string a backslash escapes the next character; inside a comment (which nests)
   * a backslash escapes too and a DQUOTE is ordinary ctext; inside {@code <>} a comma belongs to the URI.
   */
  public static void split(String v, List<String> out) {
    int depthParen = 0;
    boolean inQuote = false;
    boolean inAngle = false;
    int start = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (inQuote) {
        if (c == '\\') i++;
        else if (c == '"') inQuote = false;
      } else if (depthParen > 0) {
        if (c == '\\') i++;
        else if (c == '(') depthParen++;
        else if (c == ')') depthParen--;
      } else if (c == '"') {
        inQuote = true;
      } else if (c == '(') {
        depthParen++;
      } else if (c == '<') {
        inAngle = true;
      } else if (c == '>') {
        inAngle = false;
      } else if (c == ',' && !inAngle) {
        out.add(v.substring(start, i).trim());
        start = i + 1;
      }
    }
    out.add(v.substring(start).trim());
  }
}
