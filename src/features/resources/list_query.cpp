#include "features/resources/list_query.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>

#include "core/hash.h"
#include "schema/value_format.h"

namespace supplyhub::features {
namespace {

using schema::Field;
using schema::FieldType;

bool ParseInt(std::string_view s, int64_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

Result<storage::Value> FilterValue(const Field& f, const std::string& raw) {
  auto bad = [&](const char* what) {
    return Fail(ErrorCode::kBadRequest, "Query parameter '" + f.name + "' must be " + what);
  };
  switch (f.type) {
    case FieldType::kInteger:
    case FieldType::kReference: {
      int64_t v;
      if (!ParseInt(raw, v)) return bad("an integer");
      return storage::Value{v};
    }
    case FieldType::kBoolean:
      if (raw == "true" || raw == "1") return storage::Value{int64_t{1}};
      if (raw == "false" || raw == "0") return storage::Value{int64_t{0}};
      return bad("true or false");
    case FieldType::kNumber: {
      double d = 0;
      auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), d);
      if (ec != std::errc() || p != raw.data() + raw.size() || !std::isfinite(d)) return bad("a number");
      return storage::Value{d};
    }
    case FieldType::kDecimal: {
      int64_t d = 0;
      if (!schema::ParseDecimal(raw, d)) return Fail(ErrorCode::kBadRequest, f.name + " must be a decimal number");
      return storage::Value{d};
    }
    case FieldType::kEnum: {
      std::string canonical = schema::CanonicalEnumValue(f, raw);
      if (canonical.empty()) return bad("one of its declared values");
      return storage::Value{canonical};
    }
    case FieldType::kDate:
      if (!schema::IsDate(raw)) return bad("a date (YYYY-MM-DD)");
      return storage::Value{raw};
    default: return storage::Value{raw};
  }
}

SortValue SortValueOf(const schema::Resource& r, std::string_view column) {
  if (column == "id") return SortValue::kId;
  int index = r.FieldIndex(column);
  if (index < 0) return SortValue::kText;  // created_at, updated_at
  switch (r.fields[static_cast<size_t>(index)].type) {
    case FieldType::kInteger:
    case FieldType::kReference:
    case FieldType::kDecimal:
    case FieldType::kBoolean: return SortValue::kInteger;
    case FieldType::kNumber: return SortValue::kReal;
    default: return SortValue::kText;
  }
}

bool Fits(SortValue kind, const storage::Value& v) {
  switch (kind) {
    case SortValue::kId: return storage::IsNull(v);
    case SortValue::kInteger: return storage::IsNull(v) || std::holds_alternative<int64_t>(v);
    case SortValue::kReal: return storage::IsNull(v) || std::holds_alternative<double>(v);
    case SortValue::kText: return storage::IsNull(v) || std::holds_alternative<std::string>(v);
  }
  return false;
}

// The cursor must continue the very query it was made for.
Result<void> CheckCursor(const ListQuery& q) {
  if (!q.after) return {};
  if (q.after->sort != q.SortSpec())
    return Fail(ErrorCode::kBadRequest, "Query parameter 'after': this cursor was made for sort=" + q.after->sort +
                                            ", not sort=" + q.SortSpec() + "; keep the query it came from");
  if (q.after->query != q.QueryHash())
    return Fail(ErrorCode::kBadRequest,
                "Query parameter 'after': this cursor was made for other filters or keyword; keep the query it came from");
  if (!Fits(q.sort_value, q.after->value))
    return Fail(ErrorCode::kBadRequest, "Query parameter 'after' is not a cursor this server made for this list");
  return {};
}

// Seed 002 lists shipments with ?dateRange=true&fromDate=2021-03-01&toDate=2023-01-12,
// either date possibly empty; dateRange=false ignores the dates.
Result<void> DateRangeParameter(const schema::Resource& r, const std::string& key, const std::string& value,
                                ListQuery& q) {
  int field = r.FieldIndex(r.date_range_field);
  if (key == "dateRange") {
    if (value != "true" && value != "false" && value != "1" && value != "0" && !value.empty())
      return Fail(ErrorCode::kBadRequest, "Query parameter 'dateRange' must be true or false");
    if (value == "false" || value == "0") q.bounds.clear(), q.date_range_off = true;
    return {};
  }
  if (value.empty() || q.date_range_off) return {};
  std::string_view day = value.size() > 10 && schema::IsDateTime(value) ? std::string_view(value).substr(0, 10) : value;
  if (!schema::IsDate(day))
    return Fail(ErrorCode::kBadRequest, "Query parameter '" + key + "' must be a date (YYYY-MM-DD) or empty");
  q.bounds.push_back({field, key == "fromDate" ? ">=" : "<=", storage::Value{std::string(day)}});
  return {};
}

}  // namespace

uint64_t ListQuery::QueryHash() const {
  std::vector<std::string> terms;
  auto term = [&terms](std::string t, const storage::Value& value) {
    if (const auto* i = std::get_if<int64_t>(&value)) t += "i" + std::to_string(*i);
    else if (const auto* d = std::get_if<double>(&value)) t += "d" + std::to_string(std::bit_cast<uint64_t>(*d));
    else if (const auto* s = std::get_if<std::string>(&value)) t += "s" + *s;
    terms.push_back(std::move(t));
  };
  for (const auto& [index, value] : filters) term(std::to_string(index) + "=", value);
  for (const Bound& b : bounds) term(std::to_string(b.field) + b.op, b.value);
  std::sort(terms.begin(), terms.end());
  std::string all = "k" + std::to_string(keyword.size()) + ":" + keyword;
  for (const auto& t : terms) all += "\n" + std::to_string(t.size()) + ":" + t;
  return Hash64(all);
}

Result<ListQuery> ParseListQuery(const schema::Resource& r,
                                 std::span<const std::pair<std::string, std::string>> params) {
  ListQuery q;
  bool page_given = false;
  for (const auto& [key, value] : params) {
    if (key == "after") {
      if (q.keyset) return Fail(ErrorCode::kBadRequest, "Query parameter 'after' is given more than once");
      q.keyset = true;
      if (!value.empty()) {
        auto cursor = DecodeCursor(value);
        if (!cursor) return Fail(cursor.error());
        q.after = std::move(*cursor);
      }
    } else if (key == "page" || key == "per_page") {
      int64_t v;
      int64_t max = key == "page" ? INT32_MAX : kMaxPerPage;
      if (!ParseInt(value, v) || v < 1 || v > max)
        return Fail(ErrorCode::kBadRequest,
                    "Query parameter '" + key + "' must be an integer from 1 to " + std::to_string(max));
      (key == "page" ? q.page : q.per_page) = v;
      page_given = page_given || key == "page";
    } else if (!r.date_range_field.empty() && (key == "dateRange" || key == "fromDate" || key == "toDate")) {
      if (auto bad = DateRangeParameter(r, key, value, q); !bad) return Fail(bad.error());
    } else if (key == "keyword") {
      bool searchable = false;
      for (const Field& f : r.fields) searchable = searchable || f.searchable;
      if (!searchable && !value.empty())
        return Fail(ErrorCode::kBadRequest, "Query parameter 'keyword': " + r.name + " has no searchable fields");
      q.keyword = value;
    } else if (key == "sort") {
      std::string_view name = value;
      q.descending = !name.empty() && name.front() == '-';
      if (q.descending) name.remove_prefix(1);
      int index = r.FieldIndex(name);
      bool builtin = name == "id" || name == "created_at" || name == "updated_at";
      if (!builtin && (index < 0 || !r.fields[static_cast<size_t>(index)].sortable)) {
        std::string allowed = "id, created_at, updated_at";
        for (const Field& f : r.fields)
          if (f.sortable) allowed += ", " + f.name;
        return Fail(ErrorCode::kBadRequest, "Cannot sort " + r.name + " by '" + std::string(name) +
                                                "'; sortable: " + allowed + " (prefix - for descending)");
      }
      q.sort_column = std::string(name);
    } else {
      int index = r.FieldIndex(key);
      if (index < 0 || !r.fields[static_cast<size_t>(index)].filterable) {
        std::string allowed = "page, per_page, after, keyword, sort";
        for (const Field& f : r.fields)
          if (f.filterable) allowed += ", " + f.name;
        return Fail(ErrorCode::kBadRequest, "Unknown query parameter '" + key + "' for " + r.name +
                                                "; accepted: " + allowed);
      }
      if (q.filters.size() == kMaxFilters)
        return Fail(ErrorCode::kBadRequest, "Too many filters: at most " + std::to_string(kMaxFilters) + " per request");
      auto v = FilterValue(r.fields[static_cast<size_t>(index)], value);
      if (!v) return Fail(v.error());
      q.filters.emplace_back(index, std::move(*v));
    }
  }
  q.sort_value = SortValueOf(r, q.sort_column);
  if (q.keyset && page_given)
    return Fail(ErrorCode::kBadRequest, "Use either 'page' or 'after' (cursor paging), not both");
  if (auto checked = CheckCursor(q); !checked) return Fail(checked.error());
  return q;
}

}  // namespace supplyhub::features
