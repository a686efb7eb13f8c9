#include "features/resources/list_query.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "schema/resources/declarations.h"

namespace supplyhub::features {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;
using schema::Field;
using schema::FieldType;
using schema::Resource;
using storage::Value;

const Resource& Parts() { return schema::resources::Parts(); }

// A resource with filter types the real declarations do not use (yet).
const Resource& Readings() {
  static const Resource r = [] {
    Resource x{"readings", "reading", "", {}, false};
    x.fields = {Field::Number("weight").Filterable(), Field::Date("taken_on").Filterable().Sortable(),
                Field::Integer("count").Filterable(), Field::String("note")};
    return x;
  }();
  return r;
}

ListQuery Ok(const Resource& r, const Params& params) {
  auto q = ParseListQuery(r, params);
  EXPECT_TRUE(q) << (q ? "" : q.error().message);
  return q ? *q : ListQuery{};
}

std::string BadRequest(const Resource& r, const Params& params) {
  auto q = ParseListQuery(r, params);
  if (q) {
    ADD_FAILURE() << "accepted";
    return {};
  }
  EXPECT_EQ(q.error().code, ErrorCode::kBadRequest);
  return q.error().message;
}

int Index(const Resource& r, std::string_view name) { return r.FieldIndex(name); }

TEST(ListQueryTest, Defaults) {
  ListQuery q = Ok(Parts(), {});
  EXPECT_EQ(q.page, 1);
  EXPECT_EQ(q.per_page, 50);
  EXPECT_EQ(q.Offset(), 0);
  EXPECT_EQ(q.sort_column, "id");
  EXPECT_FALSE(q.descending);
  EXPECT_TRUE(q.filters.empty());
  EXPECT_TRUE(q.keyword.empty());
  EXPECT_TRUE(q.Unfiltered());
}

TEST(ListQueryTest, PageAndPerPage) {
  ListQuery q = Ok(Parts(), {{"page", "3"}, {"per_page", "20"}});
  EXPECT_EQ(q.page, 3);
  EXPECT_EQ(q.per_page, 20);
  EXPECT_EQ(q.Offset(), 40);
  EXPECT_TRUE(q.Unfiltered());
  EXPECT_EQ(Ok(Parts(), {{"per_page", "1000"}}).per_page, 1000);
  EXPECT_EQ(Ok(Parts(), {{"per_page", "1"}}).per_page, 1);
  EXPECT_EQ(Ok(Parts(), {{"page", "2147483647"}}).page, 2147483647);
  EXPECT_EQ(Ok(Parts(), {{"page", "2"}, {"page", "5"}}).page, 5);  // the last one wins
}

TEST(ListQueryTest, PageOutOfBounds) {
  for (const char* bad : {"0", "-1", "2147483648", "abc", "", "1.5", " 1", "1 "})
    EXPECT_EQ(BadRequest(Parts(), {{"page", bad}}), "Query parameter 'page' must be an integer from 1 to 2147483647")
        << "'" << bad << "'";
}

TEST(ListQueryTest, PerPageOutOfBounds) {
  for (const char* bad : {"0", "1001", "-5", "ten", "50x"})
    EXPECT_EQ(BadRequest(Parts(), {{"per_page", bad}}), "Query parameter 'per_page' must be an integer from 1 to 1000")
        << bad;
}

TEST(ListQueryTest, SortBySortableFields) {
  ListQuery q = Ok(Parts(), {{"sort", "name"}});
  EXPECT_EQ(q.sort_column, "name");
  EXPECT_FALSE(q.descending);
  q = Ok(Parts(), {{"sort", "-identification"}});
  EXPECT_EQ(q.sort_column, "identification");
  EXPECT_TRUE(q.descending);
  for (const char* builtin : {"id", "created_at", "updated_at"}) EXPECT_EQ(Ok(Parts(), {{"sort", builtin}}).sort_column, builtin);
  q = Ok(Parts(), {{"sort", "-updated_at"}});
  EXPECT_EQ(q.sort_column, "updated_at");
  EXPECT_TRUE(q.descending);
  EXPECT_TRUE(q.Unfiltered());
}

TEST(ListQueryTest, UnknownOrUnsortableSortFieldListsTheSortableOnes) {
  const std::string sortable = "sortable: id, created_at, updated_at, name, identification (prefix - for descending)";
  EXPECT_EQ(BadRequest(Parts(), {{"sort", "colour"}}), "Cannot sort parts by 'colour'; " + sortable);
  EXPECT_EQ(BadRequest(Parts(), {{"sort", "unit_type"}}), "Cannot sort parts by 'unit_type'; " + sortable);
  EXPECT_EQ(BadRequest(Parts(), {{"sort", "-supplier_id"}}), "Cannot sort parts by 'supplier_id'; " + sortable);
  EXPECT_EQ(BadRequest(Parts(), {{"sort", ""}}), "Cannot sort parts by ''; " + sortable);
  EXPECT_EQ(BadRequest(Parts(), {{"sort", "-"}}), "Cannot sort parts by ''; " + sortable);
  EXPECT_EQ(BadRequest(Parts(), {{"sort", "--name"}}), "Cannot sort parts by '-name'; " + sortable);
  EXPECT_EQ(BadRequest(Parts(), {{"sort", "Name"}}), "Cannot sort parts by 'Name'; " + sortable);  // names are exact
}

TEST(ListQueryTest, BooleanFilters) {
  for (const auto& [raw, want] : std::vector<std::pair<std::string, int64_t>>{{"true", 1}, {"1", 1}, {"false", 0}, {"0", 0}}) {
    ListQuery q = Ok(Parts(), {{"is_activity", raw}});
    ASSERT_EQ(q.filters.size(), 1u) << raw;
    EXPECT_EQ(q.filters[0].first, Index(Parts(), "is_activity"));
    EXPECT_EQ(q.filters[0].second, Value{want}) << raw;
    EXPECT_FALSE(q.Unfiltered());
  }
  for (const char* bad : {"yes", "TRUE", "2", ""})
    EXPECT_EQ(BadRequest(Parts(), {{"is_finished_product", bad}}),
              "Query parameter 'is_finished_product' must be true or false")
        << bad;
}

TEST(ListQueryTest, ReferenceAndIntegerFilters) {
  ListQuery q = Ok(Parts(), {{"supplier_id", "12"}});
  ASSERT_EQ(q.filters.size(), 1u);
  EXPECT_EQ(q.filters[0].first, Index(Parts(), "supplier_id"));
  EXPECT_EQ(q.filters[0].second, Value{int64_t{12}});
  for (const char* bad : {"x", "1.0", "", "12a"})
    EXPECT_EQ(BadRequest(Parts(), {{"supplier_id", bad}}), "Query parameter 'supplier_id' must be an integer") << bad;
  q = Ok(Readings(), {{"count", "-3"}});
  EXPECT_EQ(q.filters[0].second, Value{int64_t{-3}});
}

TEST(ListQueryTest, EnumFiltersAreCanonicalised) {
  ListQuery q = Ok(Parts(), {{"unit_type", "volume"}, {"unit_of_measure", "KG"}});
  ASSERT_EQ(q.filters.size(), 2u);
  EXPECT_EQ(q.filters[0].first, Index(Parts(), "unit_type"));
  EXPECT_EQ(q.filters[0].second, Value{std::string("Volume")});
  EXPECT_EQ(q.filters[1].first, Index(Parts(), "unit_of_measure"));
  EXPECT_EQ(q.filters[1].second, Value{std::string("kg")});
  EXPECT_EQ(BadRequest(Parts(), {{"unit_type", "weight"}}), "Query parameter 'unit_type' must be one of its declared values");
}

TEST(ListQueryTest, StringFiltersAreKeptVerbatim) {
  ListQuery q = Ok(Parts(), {{"identification", "AB-1 %_x"}});
  ASSERT_EQ(q.filters.size(), 1u);
  EXPECT_EQ(q.filters[0].first, Index(Parts(), "identification"));
  EXPECT_EQ(q.filters[0].second, Value{std::string("AB-1 %_x")});
}

TEST(ListQueryTest, NumberAndDateFilters) {
  ListQuery q = Ok(Readings(), {{"weight", "1.5"}, {"taken_on", "2024-02-29"}});
  ASSERT_EQ(q.filters.size(), 2u);
  EXPECT_EQ(q.filters[0].second, Value{1.5});
  EXPECT_EQ(q.filters[1].second, Value{std::string("2024-02-29")});
  for (const char* bad : {"", "abc", "1.5kg"})
    EXPECT_EQ(BadRequest(Readings(), {{"weight", bad}}), "Query parameter 'weight' must be a number") << bad;
  EXPECT_EQ(BadRequest(Readings(), {{"taken_on", "2023-02-29"}}), "Query parameter 'taken_on' must be a date (YYYY-MM-DD)");
}

TEST(ListQueryTest, FiltersKeepTheirOrderAndRepeats) {
  ListQuery q = Ok(Parts(), {{"unit_type", "Mass"}, {"page", "2"}, {"supplier_id", "3"}, {"supplier_id", "4"}});
  ASSERT_EQ(q.filters.size(), 3u);
  EXPECT_EQ(q.filters[0].first, Index(Parts(), "unit_type"));
  EXPECT_EQ(q.filters[1].second, Value{int64_t{3}});
  EXPECT_EQ(q.filters[2].second, Value{int64_t{4}});
  EXPECT_EQ(q.page, 2);
}

TEST(ListQueryTest, UnknownOrUnfilterableParametersListTheAcceptedOnes) {
  const std::string accepted =
      "accepted: page, per_page, after, keyword, sort, company_id, is_activity, identification, is_finished_product, "
      "supplier_id, parent_part_id, unit_type, unit_of_measure, part_type_id, external_id";
  EXPECT_EQ(BadRequest(Parts(), {{"colour", "red"}}), "Unknown query parameter 'colour' for parts; " + accepted);
  EXPECT_EQ(BadRequest(Parts(), {{"name", "Bolt"}}), "Unknown query parameter 'name' for parts; " + accepted);
  EXPECT_EQ(BadRequest(Parts(), {{"density", "1"}}), "Unknown query parameter 'density' for parts; " + accepted);
  EXPECT_EQ(BadRequest(Parts(), {{"id", "1"}}), "Unknown query parameter 'id' for parts; " + accepted);
  EXPECT_EQ(BadRequest(Parts(), {{"Page", "1"}}), "Unknown query parameter 'Page' for parts; " + accepted);
  EXPECT_EQ(BadRequest(schema::resources::Suppliers(), {{"notes", "x"}}),
            "Unknown query parameter 'notes' for suppliers; accepted: page, per_page, after, keyword, sort, external_id");
}

TEST(ListQueryTest, KeywordIsCaptured) {
  ListQuery q = Ok(Parts(), {{"keyword", "bolt 10%"}});
  EXPECT_EQ(q.keyword, "bolt 10%");
  EXPECT_TRUE(q.filters.empty());
  EXPECT_FALSE(q.Unfiltered());
  EXPECT_TRUE(Ok(Parts(), {{"keyword", ""}}).Unfiltered());
}

TEST(ListQueryTest, EverythingTogether) {
  ListQuery q = Ok(Parts(), {{"keyword", "nut"}, {"sort", "-name"}, {"page", "4"}, {"per_page", "25"},
                             {"is_activity", "false"}, {"unit_type", "LENGTH"}});
  EXPECT_EQ(q.keyword, "nut");
  EXPECT_EQ(q.sort_column, "name");
  EXPECT_TRUE(q.descending);
  EXPECT_EQ(q.Offset(), 75);
  ASSERT_EQ(q.filters.size(), 2u);
  EXPECT_EQ(q.filters[0].second, Value{int64_t{0}});
  EXPECT_EQ(q.filters[1].second, Value{std::string("Length")});
}

TEST(ListQueryTest, FiltersAreCappedPerRequest) {
  Params params;
  for (size_t i = 0; i < kMaxFilters; ++i) params.emplace_back(i % 2 ? "is_activity" : "unit_type", i % 2 ? "0" : "Mass");
  params.emplace_back("keyword", "k");  // neither the keyword nor paging counts
  params.emplace_back("page", "2");
  EXPECT_EQ(Ok(Parts(), params).filters.size(), kMaxFilters);

  params.emplace_back("is_activity", "1");
  EXPECT_EQ(BadRequest(Parts(), params), "Too many filters: at most 32 per request");
  Params many(999, {"is_activity", "0"});  // used to reach SQLite as an expression too deep: a 500
  EXPECT_EQ(BadRequest(Parts(), many), "Too many filters: at most 32 per request");
}

}  // namespace
}  // namespace supplyhub::features
