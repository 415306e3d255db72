package io.psip.gateway.api;

import io.psip.gateway.store.Page;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.function.Function;

/**
 * The list query ({@code page} from 1, {@code page_size} 1–100, default 10) and the HAL page every list answers with,
 * Vonage's shape: {@code {page_size, page, total_items, total_pages, _embedded: {<name>: [...]}, _links}}.
 */
public record Paging(int page, int pageSize) {
  public static final int DEFAULT_PAGE_SIZE = 10;
  public static final int MAX_PAGE_SIZE = 100;
  /** Far beyond any real list; keeps the offset page × size well inside an int. */
  public static final int MAX_PAGE = 1_000_000;

  /** Reads {@code page} and {@code page_size}; a 422 names each bad one. */
  public static Paging of(RoutingContext ctx) {
    Violations v = new Violations();
    int page = param(ctx, "page", 1, MAX_PAGE, 1, v);
    int size = param(ctx, "page_size", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, v);
    v.throwIfAny();
    return new Paging(page, size);
  }

  private static int param(RoutingContext ctx, String name, int min, int max, int dflt, Violations v) {
    List<String> values = ctx.queryParam(name);
    if (values.isEmpty()) return dflt;
    String s = values.get(0);
    if (values.size() == 1 && s.matches("[0-9]{1,7}")) {
      int n = Integer.parseInt(s);
      if (n >= min && n <= max) return n;
    }
    v.add(name, values.size() > 1 ? "must be given once" : "must be an integer from " + min + " to " + max);
    return dflt;
  }

  /** One page of a list already held in memory (accounts). */
  public <T> Page<T> slice(List<T> all) {
    int from = (int) Math.min((long) (page - 1) * pageSize, all.size());
    int to = Math.min(from + pageSize, all.size());
    return new Page<>(all.subList(from, to), page, pageSize, all.size());
  }

  /** The HAL document of one page, with {@code self}, {@code first}, {@code last}, {@code prev} and {@code next}. */
  public static <T> JsonObject render(Page<T> page, String basePath, String name, Function<T, JsonObject> item) {
    JsonArray items = new JsonArray();
    page.items().forEach(t -> items.add(item.apply(t)));
    long lastPage = Math.max(1, page.totalPages());
    JsonObject links = new JsonObject()
        .put("self", link(basePath, page.page(), page.pageSize()))
        .put("first", link(basePath, 1, page.pageSize()))
        .put("last", link(basePath, lastPage, page.pageSize()));
    if (page.page() > 1) links.put("prev", link(basePath, Math.min(page.page() - 1, lastPage), page.pageSize()));
    if (page.page() < lastPage) links.put("next", link(basePath, page.page() + 1, page.pageSize()));
    return new JsonObject()
        .put("page_size", page.pageSize())
        .put("page", page.page())
        .put("total_items", page.total())
        .put("total_pages", page.totalPages())
        .put("_embedded", new JsonObject().put(name, items))
        .put("_links", links);
  }

  private static JsonObject link(String basePath, long page, int size) {
    return Links.href(basePath + "?page=" + page + "&page_size=" + size);
  }
}
