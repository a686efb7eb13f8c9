#include "features/events/log_page.h"

#include <charconv>

#include "core/crypto.h"
#include "http/pagination.h"

namespace supplyhub::features {
namespace {

bool ParseInt(std::string_view text, int64_t& out) {
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && p == text.data() + text.size();
}

}  // namespace

Result<LogPage> LogPage::Parse(const http::QueryParams& params, std::string_view kind) {
  LogPage page;
  for (const auto& [key, value] : params) {
    if (key == "per_page" || key == "limit") {
      if (!ParseInt(value, page.per_page) || page.per_page < 1 || page.per_page > kMaxLogPage)
        return Fail(ErrorCode::kBadRequest, key + " must be an integer from 1 to " + std::to_string(kMaxLogPage));
    } else if (key == "after" && !value.empty()) {
      auto decoded = Base64UrlDecode(value);
      std::string prefix = std::string(kind) + ":";
      if (!decoded || !decoded->starts_with(prefix) || !ParseInt(std::string_view(*decoded).substr(prefix.size()), page.after) ||
          page.after < 0)
        return Fail(ErrorCode::kBadRequest, "after is not a cursor of this list (use meta.next_cursor)");
    }
  }
  return page;
}

std::string LogPage::Meta(int64_t rows, int64_t last_key, std::string_view kind) const {
  http::PageInfo info;
  info.per_page = per_page;
  info.rows = std::min(rows, per_page);
  info.keyset = true;
  info.counted = false;
  auto cursor = [&kind](int64_t key) { return Base64UrlEncode(std::string(kind) + ":" + std::to_string(key)); };
  if (rows > per_page) info.next_cursor = cursor(last_key);
  std::string meta = http::PageMeta(info);
  // Where a poller resumes, also from the last page: after its last row (or where it asked).
  int64_t resume = rows > 0 ? last_key : after;
  meta.pop_back();
  meta += resume > 0 ? ",\"resume_cursor\":\"" + cursor(resume) + "\"}" : ",\"resume_cursor\":null}";
  return meta;
}

}  // namespace supplyhub::features
