#include "http/pagination.h"

#include <algorithm>

#include "core/json_writer.h"

namespace supplyhub::http {
namespace {

int64_t TotalPages(const PageInfo& i) { return (i.total + i.per_page - 1) / i.per_page; }

}  // namespace

std::string PageMeta(const PageInfo& i) {
  int64_t pages = TotalPages(i);
  int64_t from = (i.page - 1) * i.per_page + 1;
  bool paged = !i.keyset;
  JsonWriter w;
  w.StartObject();
  w.Key("current_page").OptionalInt(paged, i.page);
  w.Key("next_page").OptionalInt(paged && i.page < pages, i.page + 1);
  w.Key("prev_page").OptionalInt(paged && i.page > 1, std::min(i.page - 1, std::max<int64_t>(pages, 1)));
  w.Key("total_pages").OptionalInt(i.counted, pages);
  w.Key("total_count").OptionalInt(i.counted, i.total);
  w.Key("per_page").Int(i.per_page);
  w.Key("from").OptionalInt(paged && i.rows > 0, from);
  w.Key("to").OptionalInt(paged && i.rows > 0, from + i.rows - 1);
  w.Key("total").OptionalInt(i.counted, i.total);
  w.Key("next_cursor");
  if (i.next_cursor.empty()) w.Null();
  else w.String(i.next_cursor);
  w.EndObject();
  return w.Take();
}

std::string PageLinks(const http::Request& request, const http::QueryParams& params, const PageInfo& i) {
  // Absolute when we know our origin; a relative reference (RFC 8288 allows it) otherwise.
  std::string base = request.Origin() + std::string(request.path) + "?";
  for (const auto& [k, v] : params)
    if (k != "page" && k != "per_page" && k != "after") base += http::PercentEncode(k) + "=" + http::PercentEncode(v) + "&";
  base += "per_page=" + std::to_string(i.per_page);
  if (i.keyset) {
    std::string links;
    if (!i.next_cursor.empty()) links = "<" + base + "&after=" + http::PercentEncode(i.next_cursor) + ">; rel=\"next\", ";
    return links + "<" + base + "&after=>; rel=\"first\"";
  }
  base += "&page=";
  int64_t pages = TotalPages(i);
  std::string links;
  auto add = [&](int64_t page, const char* rel) {
    links += (links.empty() ? "<" : ", <") + base + std::to_string(page) + ">; rel=\"" + rel + "\"";
  };
  if (i.page < pages) add(i.page + 1, "next");
  if (i.page > 1) add(std::min(i.page - 1, std::max<int64_t>(pages, 1)), "prev");
  add(1, "first");
  add(std::max<int64_t>(pages, 1), "last");
  return links;
}

}  // namespace supplyhub::http
