package io.psip.sip.message.impl;

import java.util.List;

/** Splits a list header value at commas that are outside quoted strings, comments and {@code <>}. */
public final class ListSplitter {
  private ListSplitter() {}

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
      } else if (c == '"') {
        inQuote = true;
      } else if (c == '<') {
        inAngle = true;
      } else if (c == '>') {
        inAngle = false;
      } else if (c == '(') {
        depthParen++;
      } else if (c == ')' && depthParen > 0) {
        depthParen--;
      } else if (c == ',' && !inAngle && depthParen == 0) {
        out.add(v.substring(start, i).trim());
        start = i + 1;
      }
    }
    out.add(v.substring(start).trim());
  }
}
