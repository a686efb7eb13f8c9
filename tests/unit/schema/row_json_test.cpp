#include "schema/row_json.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "schema/resources/declarations.h"
#include "schema/validate.h"

namespace supplyhub::schema {
namespace {

// A stored row as the storage layer would hand it over.
class FakeRow final : public storage::Row {
 public:
  explicit FakeRow(std::vector<storage::Value> v) : v_(std::move(v)) {}
  int ColumnCount() const override { return static_cast<int>(v_.size()); }
  std::string_view ColumnName(int) const override { return ""; }
  bool IsNull(int c) const override { return storage::IsNull(v_[c]); }
  int64_t Int(int c) const override { return std::get<int64_t>(v_[c]); }
  double Double(int c) const override { return std::get<double>(v_[c]); }
  std::string_view Text(int c) const override { return std::get<std::string>(v_[c]); }

 private:
  std::vector<storage::Value> v_;
};

TEST(RowJsonTest, StoredDocRoundTripsEveryFieldType) {
  const Resource& parts = resources::Parts();
  auto record = ValidateObject(parts, R"({"name":"Blue \"Juice\"","identification":"B1","is_activity":true,
      "batch_ids":["x","y"],"density":0.25,"unit_type":"mass","supplier_id":7})", Mode::kCreate);
  ASSERT_TRUE(record) << record.error().message;
  std::string doc = RenderDoc(parts, *record);
  FakeRow row({storage::Value{int64_t{42}}, storage::Value{doc}, storage::Value{std::string("t1")},
               storage::Value{std::string("t2")}});
  JsonWriter w;
  WriteStoredRow(row, w);
  auto j = nlohmann::json::parse(w.View());
  EXPECT_EQ(j["id"], 42);
  EXPECT_EQ(j["name"], "Blue \"Juice\"");
  EXPECT_EQ(j["is_activity"], true);
  EXPECT_EQ(j["is_finished_product"], true);  // default
  EXPECT_EQ(j["batch_ids"], nlohmann::json::parse(R"(["x","y"])"));
  EXPECT_EQ(j["density"], 0.25);
  EXPECT_EQ(j["unit_type"], "Mass");
  EXPECT_EQ(j["supplier_id"], 7);
  EXPECT_TRUE(j["company_id"].is_null());
  EXPECT_EQ(j["created_at"], "t1");
  EXPECT_EQ(j["updated_at"], "t2");
  EXPECT_EQ(j.size(), parts.fields.size() + 3);
}

TEST(RowJsonTest, RecordFromRowReadsDeclaredColumnsBack) {
  const Resource& parts = resources::Parts();
  std::vector<storage::Value> cols(parts.fields.size());
  cols[0] = std::string("n");
  cols[static_cast<size_t>(parts.FieldIndex("density"))] = 1.5;
  cols[static_cast<size_t>(parts.FieldIndex("is_activity"))] = int64_t{1};
  Record r = RecordFromRow(parts, FakeRow(cols));
  EXPECT_EQ(std::get<std::string>(r.values[0]), "n");
  EXPECT_EQ(std::get<double>(r.values[static_cast<size_t>(parts.FieldIndex("density"))]), 1.5);
  EXPECT_TRUE(storage::IsNull(r.values[static_cast<size_t>(parts.FieldIndex("supplier_id"))]));
  EXPECT_EQ(DeclaredColumns(parts).rfind("name, company_id", 0), 0u);
}

}  // namespace
}  // namespace supplyhub::schema
