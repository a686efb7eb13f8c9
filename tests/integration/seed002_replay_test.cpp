// Seed 002 (ISOlocity API 2.6.0, a rendered OpenAPI page kept at
// shared/seeds/002_dc84e41bc020d3b8.txt) replayed against a live server over
// real HTTP: every "Request samples" block of the page, verbatim (same keys,
// same JSON types; the files of tests/data/seed002/, support/seed_samples.h),
// with only reference ids (company_id, supplier_id, part_id, ...) set to ids of
// rows each test made first. Each replay checks the seed's envelope and
// status, then reads the row back with GET and compares every sent field,
// after the documented coercions: numbers sent for string fields read back as
// strings, date-times sent for date fields as the date, 0/1 for booleans as
// false/true, enums in their canonical spelling.
//
// The page renders nested arrays and objects collapsed ("batch_ids": [ ],
// "items": [ ], bulk bodies [ { } ]); they are replayed as rendered.
// All 34 samples are replayed; shipments' form-encoded bodies and their list
// date filters (no JSON sample on the page) are exercised as documented.
#include <filesystem>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "support/seed_samples.h"
#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr size_t kSeed002RequestSamples = 34;

using Ids = std::vector<std::pair<std::string, int64_t>>;

class Seed002ReplayTest : public ServerTest {
 protected:
  HttpResponse SendJson(const std::string& method, const std::string& path, const std::string& body) {
    return method == "POST"  ? client_->Post(path, body)
           : method == "PUT" ? client_->Put(path, body)
                             : client_->Get(path);
  }

  // Sends `body` and checks the seed's success envelope and the status;
  // returns `data` (null when anything failed).
  json Call(const std::string& method, const std::string& path, const std::string& body, int status) {
    HttpResponse r = SendJson(method, path, body);
    EXPECT_EQ(r.status, status) << method << " " << path << "\n" << body << "\n-> " << r.body;
    last_body_ = r.body;
    json j = json::parse(r.body, nullptr, false);
    if (r.status != status || j.is_discarded() || !j.is_object()) return json();
    EXPECT_EQ(j.value("status", ""), "success") << r.body;
    EXPECT_EQ(j.value("message", ""), "The request was successful") << r.body;
    EXPECT_TRUE(j.contains("data")) << r.body;
    return j.value("data", json());
  }

  static int64_t IdOf(const json& row) { return row.is_object() ? row.value("id", int64_t{0}) : 0; }

  // A row the replay refers to (not a seed sample); returns its id.
  int64_t Make(const std::string& path, const json& body) {
    return IdOf(Call("POST", path, body.dump(), 201));
  }

  // GET <base>/<id>: the row as stored.
  json Read(const std::string& base, int64_t id) { return Call("GET", base + "/" + std::to_string(id), "", 200); }

  // The sample as sent: its text verbatim, or, when it carries reference ids,
  // parsed (key order kept) with only those keys set to ids of our rows.
  static std::string WithIds(const std::string& sample, const Ids& ids) {
    if (ids.empty()) return sample;
    ordered_json j = ordered_json::parse(sample);
    for (const auto& [key, id] : ids) {
      EXPECT_TRUE(j.contains(key) && j[key].is_number_integer()) << key << " is not a reference id of the sample";
      j[key] = id;
    }
    return j.dump(2);
  }

  // Every key sent reads back as sent, or as `coerced` says (the documented
  // coercions); `not_stored` keys are accepted but are no field of the row.
  static void ExpectStored(const std::string& sent_text, const json& row, const json& coerced = json::object(),
                           const std::set<std::string>& not_stored = {}) {
    ASSERT_TRUE(row.is_object()) << row.dump();
    json sent = json::parse(sent_text);
    for (const auto& [key, value] : sent.items()) {
      if (not_stored.count(key)) continue;
      ASSERT_TRUE(row.contains(key)) << "'" << key << "' is missing from " << row.dump();
      const json& expected = coerced.contains(key) ? coerced[key] : value;
      EXPECT_EQ(row[key], expected) << "'" << key << "' was sent as " << value.dump();
    }
    for (const auto& [key, value] : coerced.items()) EXPECT_TRUE(sent.contains(key)) << key << " was not sent";
  }

  // The response to a write is the stored row.
  void ExpectReadBack(const std::string& base, const json& written, const std::string& sent,
                      const json& coerced = json::object(), const std::set<std::string>& not_stored = {}) {
    ASSERT_TRUE(written.is_object()) << written.dump();
    json row = Read(base, written.value("id", int64_t{0}));
    ExpectStored(sent, row, coerced, not_stored);
    EXPECT_EQ(written, row);
  }

  int64_t Part(const std::string& identification) {
    return Make("/v1/parts", {{"name", "Fixture " + identification}, {"identification", identification}});
  }
  int64_t Specification() {
    return Make("/v1/specifications", {{"identification", "SPEC-FIXTURE"}, {"name", "Fixture specification"}});
  }
  int64_t Supplier() { return Make("/v1/suppliers", {{"name", "Fixture supplier"}}); }

  // The part sample with its company, supplier and parent part made first.
  std::string PartSample() {
    int64_t company = Make("/v1/companies", {{"name", "Fixture company"}});
    int64_t supplier = Supplier();
    int64_t parent = Part("PARENT-1");
    return WithIds(Seed002Sample("part_create").text,
                   {{"company_id", company}, {"supplier_id", supplier}, {"parent_part_id", parent}});
  }

  std::string last_body_;  // of the last Call
};

// The files against the page itself: every "Request samples" block of seed 002
// is listed, in page order, with the block's heading and line; its file is the
// block's text byte for byte (bullets removed) and JSON; its path names the
// page's path parameters; and tests/data/seed002/ holds nothing else.
TEST_F(Seed002ReplayTest, CatalogueCoversEverySampleOfTheSeed) {
  const std::vector<SeedPageBlock> blocks = Seed002PageBlocks();
  const std::vector<SeedSample>& samples = Seed002Samples();
  EXPECT_EQ(blocks.size(), kSeed002RequestSamples);
  ASSERT_EQ(samples.size(), blocks.size());
  std::set<std::string> files = {"samples.json"};
  for (size_t i = 0; i < samples.size(); ++i) {
    const SeedSample& s = samples[i];
    const SeedPageBlock& block = blocks[i];
    SCOPED_TRACE(s.name + " (seed line " + std::to_string(block.line) + ")");
    EXPECT_EQ(s.line, block.line);
    EXPECT_EQ(s.title, block.title);
    EXPECT_EQ(block.content_type, "application/json");
    EXPECT_EQ(s.text, block.text);
    EXPECT_FALSE(json::parse(s.text, nullptr, false).is_discarded());
    EXPECT_EQ(s.Parameters(), block.path_parameters) << s.path;
    EXPECT_TRUE(s.method == "POST" || s.method == "PUT") << s.method;
    EXPECT_TRUE(files.insert(s.name + ".json").second) << "listed twice";
  }
  std::set<std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(Seed002DataDir()))
    on_disk.insert(entry.path().filename().string());
  EXPECT_EQ(on_disk, files);
}

// ---- The samples replayed by the one pattern ------------------------------------

// Most samples replay one way: the rows their reference ids point to are made
// (`refs`: the key and the collection) and, for an update, the row it changes
// (from `before`); the sample is sent, the envelope and status checked, and the
// row read back and compared with every sent field (`coerced`: the documented
// coercions); `also` lists further fields the written row has.
struct Seed002Replay {
  const char* test;    // named after the operation
  const char* sample;  // in tests/data/seed002/
  json before = nullptr;
  std::vector<std::pair<std::string, std::string>> refs = {};
  json coerced = json::object();
  json also = json::object();
};
void PrintTo(const Seed002Replay& replay, std::ostream* out) { *out << replay.sample; }

// Seed 002 sends order_number and serial_number as numbers (kept as their
// text) and the order date as a datetime (kept as the date).
const json kOrderCoerced = {
    {"order_date", "2023-01-12"}, {"serial_number", "123456789999"}, {"order_number", "1324354657"}};

const Seed002Replay kSeed002Replays[] = {
    {.test = "CreateANewSupplier", .sample = "supplier_create"},
    {.test = "UpdateAnExistingSupplier",
     .sample = "supplier_update",
     .before = {{"name", "Before"}, {"notes", "old notes"}}},
    {.test = "CreateANewCustomer", .sample = "customer_create"},
    {.test = "UpdateAnExistingCustomer",
     .sample = "customer_update",
     .before = {{"name", "Before"}, {"city", "Ottawa"}}},
    {.test = "CreateANewPart",
     .sample = "part_create",
     .refs = {{"company_id", "companies"}, {"supplier_id", "suppliers"}, {"parent_part_id", "parts"}}},
    {.test = "UpdateAnExistingPart",
     .sample = "part_update",
     .before = {{"name", "Fixture BEFORE-1"}, {"identification", "BEFORE-1"}},
     .also = {{"is_finished_product", true}}},  // unsent fields are kept
    {.test = "CreateANewCar", .sample = "car_create"},
    {.test = "UpdateAnExistingCar", .sample = "car_update", .before = {{"car_number", "CAR-BEFORE"}}},
    {.test = "InitiateANewComplaint",
     .sample = "complaint_create",
     .refs = {{"part_id", "parts"}},
     .coerced = {{"complaint_number", "123"}}},
    {.test = "UpdateAnExistingComplaintRecord",
     .sample = "complaint_update",
     .before = {{"complaint_number", "C-BEFORE"}, {"complaint_date", "2015-01-01"}, {"received_via", "Email"}},
     .refs = {{"part_id", "parts"}},
     .coerced = {{"complaint_number", "123"}}},
    {.test = "CreateANcrRecord", .sample = "ncr_create", .refs = {{"part_id", "parts"}}},
    {.test = "CreateANewReceivingInspection",
     .sample = "receiving_inspection_create",
     .refs = {{"supplier_id", "suppliers"}},
     .coerced = {{"is_closed", false}, {"is_quarantined", true}},
     .also = {{"status", "open"}}},
    {.test = "CreateANewPartType", .sample = "part_type_create", .coerced = {{"is_active", true}}},
    {.test = "UpdateAnExistingPartType",
     .sample = "part_type_update",
     .before = {{"name", "Before"}, {"is_active", 0}},
     .coerced = {{"is_active", true}}},
    {.test = "CreateANewLocation", .sample = "location_create", .coerced = {{"is_active", true}}},
    {.test = "UpdateAnExistingLocation",
     .sample = "location_update",
     .before = {{"name", "Before"}, {"is_active", 0}},
     .coerced = {{"is_active", true}}},
    {.test = "UpdateAnExistingEmployee",
     .sample = "employee_update",
     .before = {{"first_name", "Before"}, {"is_active", false}, {"review_repeat_frequency", 1},
                {"review_repeat_duration", "Weeks"}},
     .coerced = {{"phone_number", "9999999999"}, {"next_review_date", "2023-04-10"}}},
    {.test = "CreateANewOrder",
     .sample = "order_create",
     .refs = {{"contact_id", "customers"}},
     .coerced = kOrderCoerced,
     .also = {{"status", "open"}}},
    {.test = "UpdateAnExistingOrder",
     .sample = "order_update",
     .before = {{"order_number", "BEFORE"}, {"ship_to_city", "Lyon"}},
     .refs = {{"contact_id", "customers"}},
     .coerced = kOrderCoerced,
     .also = {{"ship_to_city", "Lyon"}}},  // unsent fields are kept
};

class Seed002ReplayTestTable : public Seed002ReplayTest, public ::testing::WithParamInterface<Seed002Replay> {
 protected:
  // A row of `collection` for a reference id to point to.
  int64_t Referenced(const std::string& collection) {
    return collection == "parts" ? Part("REFERENCED-1") : Make("/v1/" + collection, {{"name", "Fixture row"}});
  }
};

TEST_P(Seed002ReplayTestTable, Replay) {
  const Seed002Replay& replay = GetParam();
  const SeedSample& s = Seed002Sample(replay.sample);
  Ids ids;
  for (const auto& [key, collection] : replay.refs) ids.emplace_back(key, Referenced(collection));
  std::string sent = WithIds(s.text, ids);
  json d;
  std::string rows = s.path;  // an update's path is its row's: <rows>/{id}
  if (replay.before.is_null()) {
    d = Call(s.method, s.Path(), sent, 201);
  } else {
    rows = rows.substr(0, rows.rfind("/{id}"));
    int64_t id = Make(rows, replay.before);
    d = Call(s.method, s.Path({{"id", id}}), sent, 200);
    ASSERT_TRUE(d.is_object());
    EXPECT_EQ(d["id"], id);
  }
  ExpectReadBack(rows, d, sent, replay.coerced);
  for (const auto& [key, value] : replay.also.items()) EXPECT_EQ(d[key], value) << key;
}

INSTANTIATE_TEST_SUITE_P(, Seed002ReplayTestTable, ::testing::ValuesIn(kSeed002Replays),
                         [](const auto& info) { return std::string(info.param.test); });

// ---- Parts --------------------------------------------------------------------

// The page collapses the array's item to { }: as rendered, the body names
// none of the fields the seed marks required (name, identification).
TEST_F(Seed002ReplayTest, CreateMultipleNewPartsAsRendered) {
  const SeedSample& s = Seed002Sample("parts_bulk_create");
  HttpResponse r = SendJson(s.method, s.Path(), s.text);
  ASSERT_EQ(r.status, 422) << r.body;
  json j = r.Json();
  EXPECT_EQ(j["status"], "error");
  ASSERT_EQ(j["error"]["rows"].size(), 1u) << r.body;
  EXPECT_EQ(j["error"]["rows"][0]["index"], 0);
  EXPECT_EQ(j["error"]["rows"][0]["fields"]["name"][0], "is required");
  EXPECT_EQ(j["error"]["rows"][0]["fields"]["identification"][0], "is required");
  EXPECT_EQ(Count("parts"), 0);
}

// The collapsed item filled with the seed's own part sample (the bulk item
// schema is the single create's): what a seed client sends.
TEST_F(Seed002ReplayTest, CreateMultipleNewPartsWithThePartSampleAsItem) {
  const SeedSample& s = Seed002Sample("parts_bulk_create");
  std::string item = PartSample();
  HttpResponse r = SendJson(s.method, s.Path(), "[" + item + "]");
  ASSERT_EQ(r.status, 201) << r.body;
  json j = r.Json();
  EXPECT_EQ(j["status"], "success");
  EXPECT_EQ(j["message"], "The request was successful");
  EXPECT_EQ(j["meta"]["count"], 1);
  ASSERT_EQ(j["data"].size(), 1u);
  ExpectReadBack("/v1/parts", j["data"][0], item);
}

// As rendered, the item names no id: nothing to update.
TEST_F(Seed002ReplayTest, UpdateMultipleExistingPartsAsRendered) {
  const SeedSample& s = Seed002Sample("parts_bulk_update");
  HttpResponse r = SendJson(s.method, s.Path(), s.text);
  ASSERT_EQ(r.status, 422) << r.body;
  json j = r.Json();
  EXPECT_EQ(j["status"], "error");
  ASSERT_EQ(j["error"]["rows"].size(), 1u) << r.body;
  EXPECT_EQ(j["error"]["rows"][0]["fields"]["id"][0], "is required");
}

// The collapsed item filled with the part sample and the id its schema lists first.
TEST_F(Seed002ReplayTest, UpdateMultipleExistingPartsWithThePartSampleAsItem) {
  const SeedSample& s = Seed002Sample("parts_bulk_update");
  ordered_json sample = ordered_json::parse(PartSample());
  int64_t id = Part("BEFORE-1");
  ordered_json item = {{"id", id}};
  for (const auto& [key, value] : sample.items()) item[key] = value;
  HttpResponse r = SendJson(s.method, s.Path(), "[" + item.dump(2) + "]");
  ASSERT_EQ(r.status, 200) << r.body;
  json j = r.Json();
  EXPECT_EQ(j["status"], "success");
  EXPECT_EQ(j["message"], "The request was successful");
  EXPECT_EQ(j["meta"]["count"], 1);
  ASSERT_EQ(j["data"].size(), 1u);
  EXPECT_EQ(j["data"][0]["id"], id);
  ExpectReadBack("/v1/parts", j["data"][0], item.dump());
}

// ---- Inspections --------------------------------------------------------------

// The body's "id" is ignored: the row gets the server's id. With sample_size 1
// and no samples in, the manual `passed` is kept.
TEST_F(Seed002ReplayTest, CreateANewInspection) {
  const SeedSample& s = Seed002Sample("inspection_create");
  int64_t part = Part("INSPECTED-1");
  int64_t spec = Specification();
  std::string sent = WithIds(s.text, {{"entity_id", part}, {"drawing_id", spec}});
  json d = Call(s.method, s.Path(), sent, 201);
  ASSERT_TRUE(d.is_object());
  EXPECT_NE(d["id"], 1050);
  EXPECT_EQ(client_->Get("/v1/inspections/1050").status, 404);
  ExpectReadBack("/v1/inspections", d, sent, json::object(), {"id"});
  EXPECT_EQ(d["passed"], true);
  EXPECT_EQ(d["samples"], json::array());
}

TEST_F(Seed002ReplayTest, UpdateAnExistingInspection) {
  const SeedSample& s = Seed002Sample("inspection_update");
  int64_t id = Make("/v1/inspections", {{"entity_id", Part("INSPECTED-1")}, {"drawing_id", Specification()}});
  ASSERT_TRUE(Read("/v1/inspections", id)["passed"].is_null());
  json d = Call(s.method, s.Path({{"id", id}}), s.text, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], id);
  ExpectReadBack("/v1/inspections", d, s.text);
}

// Not a request sample: the seed's "Create a new inspection sample" documents
// no request body (the path's id only), so its clients POST without one.
TEST_F(Seed002ReplayTest, CreateANewInspectionSampleWithoutABody) {
  int64_t inspection = Make("/v1/inspections", {{"entity_id", Part("INSPECTED-1")}, {"drawing_id", Specification()},
                                                {"sample_size", 2}});
  std::string base = "/v1/inspections/" + std::to_string(inspection) + "/samples";
  HttpResponse bare = client_->Send("POST", base, "");
  EXPECT_EQ(bare.status, 201) << bare.body;
  HttpResponse typed = client_->Post(base, "");
  EXPECT_EQ(typed.status, 201) << typed.body;
  EXPECT_EQ(Read("/v1/inspections", inspection)["samples"].size(), 2u);
}

// The sample is made with an empty object; the update sample then fills it in.
TEST_F(Seed002ReplayTest, UpdateAnExistingInspectionSample) {
  const SeedSample& s = Seed002Sample("inspection_sample_update");
  int64_t inspection = Make("/v1/inspections", {{"entity_id", Part("INSPECTED-1")}, {"drawing_id", Specification()}});
  std::string base = "/v1/inspections/" + std::to_string(inspection) + "/samples";
  int64_t sample = Make(base, json::object());
  json d = Call(s.method, s.Path({{"id", inspection}, {"sample_id", sample}}), s.text, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], sample);
  ExpectReadBack(base, d, s.text);
  json parent = Read("/v1/inspections", inspection);
  ASSERT_EQ(parent["samples"].size(), 1u) << parent.dump();
  ExpectStored(s.text, parent["samples"][0]);
}

// ---- Lab results --------------------------------------------------------------

TEST_F(Seed002ReplayTest, CreateANewLabResult) {
  const SeedSample& s = Seed002Sample("lab_result_create");
  std::string sent = WithIds(s.text, {{"specification_id", Specification()}});
  json d = Call(s.method, s.Path(), sent, 201);
  ASSERT_TRUE(d.is_object());
  EXPECT_NE(d["id"], 123);
  EXPECT_EQ(client_->Get("/v1/lab_results/123").status, 404);
  ExpectReadBack("/v1/lab_results", d, sent, json::object(), {"id"});
}

TEST_F(Seed002ReplayTest, UpdateAnExistingLabResult) {
  const SeedSample& s = Seed002Sample("lab_result_update");
  int64_t id = Make("/v1/lab_results", {{"specification_id", Specification()}, {"testing_id", "BEFORE"},
                                        {"testing_date", "2015-01-01"}, {"lab_data", "{}"}});
  json d = Call(s.method, s.Path({{"id", id}}), s.text, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], id);
  ExpectReadBack("/v1/lab_results", d, s.text);
}

// ---- NCRs ---------------------------------------------------------------------

// With e-signatures off (the organization's default) the sample's
// esignature_password (a number) and esignature_reason are accepted and
// ignored: nothing is signed, and the password is never shown.
TEST_F(Seed002ReplayTest, UpdateAnExistingNcrRecord) {
  const SeedSample& s = Seed002Sample("ncr_update");
  int64_t id = Make("/v1/ncrs", {{"ncr_number", "NCR-BEFORE"}, {"source", "Customer"}, {"quantity", 1},
                                 {"is_root_cause_determined", true}, {"has_incomplete_action_items", true},
                                 {"has_unread_notes", true}});
  std::string sent = WithIds(s.text, {{"part_id", Part("NONCONFORMING-1")}});
  json d = Call(s.method, s.Path({{"id", id}}), sent, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(last_body_.find("esignature"), std::string::npos) << last_body_;
  EXPECT_EQ(d["id"], id);
  ExpectReadBack("/v1/ncrs", d, sent, json::object(), {"esignature_password", "esignature_reason"});
  json row = Read("/v1/ncrs", id);
  EXPECT_FALSE(row.contains("esignature_password")) << row.dump();
  EXPECT_FALSE(row.contains("esignature_reason")) << row.dump();
  EXPECT_EQ(row["signatures"], json::array()) << "nothing is signed while e-signatures are off";
}

// The seed's list examples: status=Open, source=Internal, keyword=lot number.
TEST_F(Seed002ReplayTest, NcrListFilters) {
  const SeedSample& s = Seed002Sample("ncr_create");
  std::string sent = WithIds(s.text, {{"part_id", Part("NONCONFORMING-1")}});
  int64_t internal = IdOf(Call(s.method, s.Path(), sent, 201));
  int64_t customer = Make("/v1/ncrs", {{"ncr_number", "NCR-CUSTOMER"}, {"source", "customer"}});
  int64_t closed = Make("/v1/ncrs", {{"ncr_number", "NCR-CLOSED"}, {"source", "internal"}});
  ASSERT_TRUE(internal && customer && closed);
  ASSERT_EQ(Call("POST", "/v1/ncrs/" + std::to_string(closed) + "/close", "{}", 200).value("status", ""), "closed");
  auto ids = [&](const std::string& query) {
    json page = Call("GET", "/v1/ncrs?" + query, "", 200);
    std::set<int64_t> out;
    for (const json& row : page) out.insert(row.value("id", int64_t{0}));
    return out;
  };
  EXPECT_EQ(ids("page=1&status=Open"), (std::set<int64_t>{internal, customer}));
  EXPECT_EQ(ids("page=1&source=Internal"), (std::set<int64_t>{internal, closed}));
  EXPECT_EQ(ids("page=1&keyword=lot%20number"), std::set<int64_t>{});  // the example phrase is in no NCR here
  EXPECT_EQ(ids("page=1&keyword=lot_12345"), std::set<int64_t>{internal});
  EXPECT_EQ(ids("page=1&keyword=lot_12345&status=Open&source=Internal"), std::set<int64_t>{internal});
}

// ---- Receiving inspections ----------------------------------------------------

// The body's "id" (1024) is ignored: the row at the path is updated.
TEST_F(Seed002ReplayTest, UpdateAnExistingReceivingInspection) {
  const SeedSample& s = Seed002Sample("receiving_inspection_update");
  int64_t id = Make("/v1/receiving_inspections", {{"po_number", "PO-BEFORE"}, {"is_receive_all_items", false},
                                                  {"notes", "old notes"}});
  std::string sent = WithIds(s.text, {{"supplier_id", Supplier()}});
  json d = Call(s.method, s.Path({{"id", id}}), sent, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], id);
  EXPECT_EQ(client_->Get("/v1/receiving_inspections/1024").status, 404);
  ExpectReadBack("/v1/receiving_inspections", d, sent, {{"is_closed", false}, {"is_quarantined", true}}, {"id"});
  EXPECT_EQ(d["status"], "open");
}

TEST_F(Seed002ReplayTest, AddAnItemToAReceivingInspection) {
  const SeedSample& s = Seed002Sample("receiving_inspection_item_create");
  int64_t ri = Make("/v1/receiving_inspections", {{"po_number", "PO-1"}});
  std::string sent = WithIds(s.text, {{"part_id", Part("RECEIVED-1")}, {"drawing_id", Specification()}});
  std::string base = s.Path({{"receiving_inspection_id", ri}});
  json d = Call(s.method, base, sent, 201);
  ExpectReadBack(base, d, sent, {{"serial_number", "1122"}, {"received_date", "2021-07-04"}});
  EXPECT_EQ(d["receiving_inspection_id"], ri);
  json parent = Read("/v1/receiving_inspections", ri);
  ASSERT_EQ(parent["items"].size(), 1u) << parent.dump();
  EXPECT_EQ(parent["items"][0], d);
}

TEST_F(Seed002ReplayTest, UpdateAnExistingReceivingInspectionItem) {
  const SeedSample& s = Seed002Sample("receiving_inspection_item_update");
  int64_t ri = Make("/v1/receiving_inspections", {{"po_number", "PO-1"}});
  std::string base = "/v1/receiving_inspections/" + std::to_string(ri) + "/items";
  int64_t item = Make(base, {{"serial_number", "OLD"}, {"quantity_accepted", 1}, {"quantity_rejected", 1},
                             {"unit_of_measure", "kg"}, {"order", 1}, {"is_active_batch", true},
                             {"received_date", "2020-01-01"}});
  std::string sent = WithIds(s.text, {{"receiving_inspection_id", ri},
                                      {"part_id", Part("RECEIVED-1")},
                                      {"drawing_id", Specification()}});
  json d = Call(s.method, s.Path({{"receiving_inspection_id", ri}, {"id", item}}), sent, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], item);
  ExpectReadBack(base, d, sent, {{"serial_number", "11223"}, {"received_date", "2021-07-04"}});
  json parent = Read("/v1/receiving_inspections", ri);
  ASSERT_EQ(parent["items"].size(), 1u) << parent.dump();
  EXPECT_EQ(parent["items"][0], d);
}

// ---- Inventory (no request samples: the list examples and GET by id) ----------

TEST_F(Seed002ReplayTest, InventoryListFiltersAndGet) {
  const SeedSample& part_sample = Seed002Sample("part_create");
  const SeedSample& location_sample = Seed002Sample("location_create");
  int64_t part = IdOf(Call(part_sample.method, part_sample.Path(), PartSample(), 201));
  int64_t other = Part("OTHER-1");
  int64_t location = IdOf(Call(location_sample.method, location_sample.Path(), location_sample.text, 201));
  ASSERT_TRUE(part && other && location);
  int64_t stock = Make("/v1/inventory", {{"part_id", part}, {"location_id", location}});
  ASSERT_TRUE(Make("/v1/inventory", {{"part_id", other}, {"location_id", location}}));
  auto ids = [&](const std::string& query) {
    json page = Call("GET", "/v1/inventory?" + query, "", 200);
    std::set<int64_t> out;
    for (const json& row : page) out.insert(row.value("id", int64_t{0}));
    return out;
  };
  EXPECT_EQ(ids("page=1&per_page=50&part_id=" + std::to_string(part)), std::set<int64_t>{stock});
  EXPECT_EQ(ids("page=1&per_page=50&part_id=13242"), std::set<int64_t>{});  // the seed's example id: no such part
  EXPECT_EQ(ids("page=1&per_page=50&keyword=Blue%20Juice"), std::set<int64_t>{stock});  // by the part's name
  EXPECT_EQ(ids("page=1&per_page=50&keyword=partName"), std::set<int64_t>{});
  json row = Read("/v1/inventory", stock);
  EXPECT_EQ(row["part_id"], part);
  EXPECT_EQ(row["location_id"], location);
}

// ---- The seed's other list examples --------------------------------------------

TEST_F(Seed002ReplayTest, ListQueryExamplesAreAccepted) {
  for (const char* target :
       {"/v1/companies?page=1&per_page=50", "/v1/suppliers?page=1&per_page=50", "/v1/parts?page=1&per_page=50",
        "/v1/inspections?page=1&per_page=50", "/v1/cars?page=1&per_page=50", "/v1/specifications?page=1&per_page=50",
        "/v1/specifications?identification=SAMPLE123", "/v1/specifications?keyword=Daily%20Inspection%20Template",
        "/v1/complaints?page=1&per_page=50", "/v1/receiving_inspections?page=1&per_page=50",
        "/v1/part_types?page=1", "/v1/locations?page=1", "/v1/customers?page=1&per_page=50",
        "/v1/employees?page=1&is_active=1&keyword=keyword", "/v1/ncrs?page=1&keyword=lot%20number&status=Open&source=Internal",
        "/v1/inventory?page=1&per_page=50&part_id=13242&keyword=partName"}) {
    HttpResponse r = client_->Get(target);
    EXPECT_EQ(r.status, 200) << target << " -> " << r.body;
    json j = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << target << " -> " << r.body;
    EXPECT_EQ(j.value("status", ""), "success") << target;
    EXPECT_EQ(j.value("message", ""), "The request was successful") << target;
    EXPECT_TRUE(j.contains("meta")) << target;
    EXPECT_TRUE(j["data"].is_array()) << target;
  }
}

// ---- Order items ------------------------------------------------------------------

// The body names its order (order_id, the path's); booleans come as 2.
TEST_F(Seed002ReplayTest, AddNewItemToAnOrder) {
  const SeedSample& s = Seed002Sample("order_item_create");
  int64_t order = Make("/v1/orders", {{"order_number", "O-1"}});
  int64_t part = Part("ORDERED-1");
  int64_t spec = Specification();
  std::string sent = WithIds(s.text, {{"order_id", order}, {"part_id", part}, {"drawing_id", spec}});
  json d = Call(s.method, s.Path({{"order_id", order}}), sent, 201);
  ExpectReadBack("/v1/orders/" + std::to_string(order) + "/items", d, sent,
                 {{"is_low_inventory", true}, {"is_low_materials", true}});
  json parent = Read("/v1/orders", order);
  ASSERT_EQ(parent["items"].size(), 1u);
  EXPECT_EQ(parent["items"][0]["id"], d["id"]);
}

TEST_F(Seed002ReplayTest, EditExistingItemOfAnOrder) {
  const SeedSample& s = Seed002Sample("order_item_update");
  int64_t order = Make("/v1/orders", {{"order_number", "O-1"}});
  int64_t part = Part("ORDERED-1");
  int64_t spec = Specification();
  int64_t item = Make("/v1/orders/" + std::to_string(order) + "/items", {{"part_id", part}, {"quantity", 1}});
  std::string sent = WithIds(s.text, {{"order_id", order}, {"part_id", part}, {"drawing_id", spec}});
  json d = Call(s.method, s.Path({{"order_id", order}, {"id", item}}), sent, 200);
  ExpectReadBack("/v1/orders/" + std::to_string(order) + "/items", d, sent,
                 {{"is_low_inventory", true}, {"is_low_materials", true}});
  EXPECT_EQ(Read("/v1/orders", order)["items"][0]["quantity"], 10);
}

// ---- Shipments and shipment items -------------------------------------------------

// Seed 002 documents shipments' bodies as application/x-www-form-urlencoded.
int64_t FormShipment(HttpClient& client, const std::string& form) {
  HttpResponse r = client.Send("POST", "/v1/shipments", form, {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? r.Json()["data"]["id"].get<int64_t>() : 0;
}

TEST_F(Seed002ReplayTest, AddANewItemToAShipment) {
  const SeedSample& s = Seed002Sample("shipment_item_create");
  int64_t shipment = FormShipment(*client_, "requested_ship_date=2023-01-12&po_number=LOT-1&is_ship_all_items=true");
  int64_t part = Part("SHIPPED-1");
  int64_t spec = Specification();
  std::string sent = WithIds(s.text, {{"part_id", part}, {"drawing_id", spec}});
  json d = Call(s.method, s.Path({{"shipment_id", shipment}}), sent, 201);
  ExpectReadBack("/v1/shipments/" + std::to_string(shipment) + "/items", d, sent, {{"serial_number", "1122"}});
}

TEST_F(Seed002ReplayTest, UpdateAShipmentItem) {
  const SeedSample& s = Seed002Sample("shipment_item_update");
  int64_t shipment = FormShipment(*client_, "requested_ship_date=2023-01-12");
  int64_t part = Part("SHIPPED-1");
  int64_t spec = Specification();
  int64_t item = Make("/v1/shipments/" + std::to_string(shipment) + "/items", {{"part_id", part}, {"quantity", 1}});
  std::string sent = WithIds(s.text, {{"part_id", part}, {"drawing_id", spec}});
  json d = Call(s.method, s.Path({{"shipment_id", shipment}, {"id", item}}), sent, 200);
  ExpectReadBack("/v1/shipments/" + std::to_string(shipment) + "/items", d, sent, {{"serial_number", "1122"}});
}

// The form body as documented; setting actual_ship_date (form PUT) closes it.
TEST_F(Seed002ReplayTest, ShipmentsTakeFormBodiesAndCloseOnActualShipDate) {
  int64_t customer = Make("/v1/customers", {{"name", "Fixture customer"}});
  int64_t order = Make("/v1/orders", {{"order_number", "O-1"}});
  int64_t id = FormShipment(*client_, "requested_ship_date=2023-01-12&contact_id=" + std::to_string(customer) +
                                          "&order_id=" + std::to_string(order) + "&po_number=LOT-1&is_ship_all_items=1");
  json row = Read("/v1/shipments", id);
  EXPECT_EQ(row["contact_id"], customer);
  EXPECT_EQ(row["order_id"], order);
  EXPECT_EQ(row["is_ship_all_items"], true);
  EXPECT_EQ(row["status"], "open");
  HttpResponse r = client_->Send("PUT", "/v1/shipments/" + std::to_string(id), "actual_ship_date=2023-01-20&notes=Left+dock+3",
                                 {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(r.status, 200) << r.body;
  row = r.Json()["data"];
  EXPECT_EQ(row["status"], "closed");
  EXPECT_EQ(row["notes"], "Left dock 3");
  EXPECT_EQ(row["requested_ship_date"], "2023-01-12");  // kept
}

// "Retrieve a list of shipments": ?dateRange=true&fromDate=&toDate= on the
// requested ship date; either date may be empty; dateRange=false ignores them.
TEST_F(Seed002ReplayTest, ShipmentListDateRange) {
  for (const char* day : {"2021-02-28", "2021-03-01", "2022-06-15", "2023-01-12", "2023-01-13"})
    FormShipment(*client_, std::string("requested_ship_date=") + day);
  auto days = [&](const std::string& query) {
    HttpResponse r = client_->Get("/v1/shipments?" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    std::vector<std::string> out;
    json body = r.status == 200 ? r.Json() : json();
    if (r.status == 200)
      for (const auto& row : body["data"]) out.push_back(row["requested_ship_date"]);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(days("dateRange=true&fromDate=2021-03-01&toDate=2023-01-12"), (V{"2021-03-01", "2022-06-15", "2023-01-12"}));
  EXPECT_EQ(days("dateRange=true&fromDate=&toDate=2021-03-01"), (V{"2021-02-28", "2021-03-01"}));
  EXPECT_EQ(days("dateRange=true&fromDate=2023-01-12&toDate="), (V{"2023-01-12", "2023-01-13"}));
  EXPECT_EQ(days("dateRange=false&fromDate=2023-01-12&toDate=2023-01-12").size(), 5u);
  EXPECT_EQ(client_->Get("/v1/shipments?dateRange=true&fromDate=12/01/2023&toDate=").status, 400);
  EXPECT_EQ(client_->Get("/v1/shipments?dateRange=maybe").status, 400);
}

}  // namespace
}  // namespace supplyhub::testing
