package io.psip.webhook.impl;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A webhook address taken apart for the HTTP client: the host to resolve and check, the port, TLS or not, and the
 * request target (path and query, never the fragment).
 *
 * @param url    the address as configured
 * @param host   the host name or IP literal (IPv6 without brackets)
 */
record WebhookUrl(String url, boolean ssl, String host, int port, String rawPath, String rawQuery) {

  /** @throws Refused when the text is not an absolute http(s) URL with a host */
  static WebhookUrl parse(String url) {
    if (url == null) throw new Refused("not a valid URL");
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new Refused("not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new Refused("scheme '" + scheme + "' is not allowed (only http and https)");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) throw new Refused("no host in the URL");
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    boolean ssl = scheme.equals("https");
    int port = uri.getPort() < 0 ? (ssl ? 443 : 80) : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return new WebhookUrl(url, ssl, host, port, path, uri.getRawQuery());
  }

  /** The request target, with {@code extraQuery} (already encoded) appended to any query the URL has. */
  String requestUri(String extraQuery) {
    boolean extra = extraQuery != null && !extraQuery.isEmpty();
    if (rawQuery == null && !extra) return rawPath; // a POST to a plain path: nothing to build
    StringBuilder b = new StringBuilder(rawPath);
    boolean hasQuery = rawQuery != null && !rawQuery.isEmpty();
    if (hasQuery) b.append('?').append(rawQuery);
    if (extraQuery != null && !extraQuery.isEmpty()) {
      if (!hasQuery) b.append('?');
      else if (!rawQuery.endsWith("&")) b.append('&');
      b.append(extraQuery);
    }
    return b.toString();
  }

  /** The host as it goes in Host (and the pool's key): an IPv6 literal in brackets. */
  String authorityHost() {
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  /** For logs: the URL without its query, which may carry an application's token. */
  String forLog() {
    return (ssl ? "https://" : "http://") + authorityHost() + ':' + port + rawPath;
  }

  /** {@link #forLog()} of any text; never throws. */
  static String redact(String url) {
    try {
      return parse(url).forLog();
    } catch (Refused e) {
      return "<invalid URL>";
    }
  }

  /** A URL psip will not call, whatever happens: not retried. */
  static final class Refused extends RuntimeException {
    Refused(String message) { super(message, null, false, false); }
  }
}
