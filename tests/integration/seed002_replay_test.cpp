// Seed 002 (ISOlocity API 2.6.0, a rendered OpenAPI page kept at
// /work/shared/seeds/002_dc84e41bc020d3b8.txt) replayed against a live server
// over real HTTP: every "Request samples" block of the page, verbatim (same
// keys, same JSON types), with only reference ids (company_id, supplier_id,
// part_id, ...) set to ids of rows each test made first. Each replay checks the
// seed's envelope and status, then reads the row back with GET and compares
// every sent field, after the documented coercions: numbers sent for string
// fields read back as strings, date-times sent for date fields as the date,
// 0/1 for booleans as false/true, enums in their canonical spelling.
//
// The page renders nested arrays and objects collapsed ("batch_ids": [ ],
// "items": [ ], bulk bodies [ { } ]); they are replayed as rendered.
// All 34 samples are replayed; shipments' form-encoded bodies and their list
// date filters (no JSON sample on the page) are exercised as documented.
#include <iterator>
#include <set>
#include <string>
#include <utility>

#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// ---------------------------------------------------------------------------
// The 34 request samples of seed 002, in page order, copied from the page
// (bullets removed). Seed lines are those of the "Request samples" heading.
// ---------------------------------------------------------------------------

// "Create a new supplier" (seed line 125)
constexpr const char* kSupplierCreate = R"J({
  "name": "ABC Manufacturing Inc.",
  "primary_name": "John Smith",
  "primary_email": "johnsmith@abc.com",
  "primary_phone": "1-649-123-4567",
  "primary_position": "Project Manager",
  "secondary_name": "Jane Smith",
  "secondary_email": "janesmith@abc.com",
  "secondary_phone": "1-649-123-4567",
  "secondary_position": "Project Lead",
  "notes": "These are some sample notes for the supplier"
})J";

// "Update an existing supplier" (seed line 210)
constexpr const char* kSupplierUpdate = R"J({
  "name": "ABC Manufacturing Inc.",
  "primary_name": "John Smith",
  "primary_email": "johnsmith@abc.com",
  "primary_phone": "1-649-123-4567",
  "primary_position": "Project Manager",
  "secondary_name": "Jane Smith",
  "secondary_email": "janesmith@abc.com",
  "secondary_phone": "1-649-123-4567",
  "secondary_position": "Project Lead",
  "notes": "These are some sample notes for the supplier"
})J";

// "Create a NCR record" (seed line 402)
constexpr const char* kNcrCreate = R"J({
  "ncr_number": "jan_16_2023_2",
  "source": "internal",
  "lot_number": "lot_12345",
  "quantity": 10,
  "description": "Test description",
  "immediate_action": "Test immediate action",
  "is_root_cause_determined": false,
  "has_incomplete_action_items": false,
  "has_unread_notes": false,
  "part_id": 10922
})J";

// "Update an existing NCR record" (seed line 526)
constexpr const char* kNcrUpdate = R"J({
  "ncr_number": "jan_16_2023_2",
  "source": "internal",
  "esignature_password": 12345,
  "esignature_reason": "New data",
  "lot_number": "lot_12345",
  "quantity": 10,
  "description": "Test description",
  "immediate_action": "Test immediate action",
  "is_root_cause_determined": false,
  "has_incomplete_action_items": false,
  "has_unread_notes": false,
  "part_id": 10922
})J";

// "Create a new order" (seed line 627)
constexpr const char* kOrderCreate = R"J({
  "po_number": "jan12_2023_1",
  "contact_id": 616,
  "order_date": "2023-01-12T00:00:00.000Z",
  "serial_number": 123456789999,
  "order_number": 1324354657,
  "is_closed": false
})J";

// "Update an existing order" (seed line 717)
constexpr const char* kOrderUpdate = R"J({
  "po_number": "jan12_2023_1",
  "contact_id": 616,
  "order_date": "2023-01-12T00:00:00.000Z",
  "serial_number": 123456789999,
  "order_number": 1324354657,
  "is_closed": false
})J";

// "Create a new part" (seed line 810)
constexpr const char* kPartCreate = R"J({
  "name": "Blue Juice (500 mL)",
  "company_id": 1,
  "is_activity": false,
  "identification": "BJUICE500",
  "is_finished_product": true,
  "batch_ids": [
    ],
  "supplier_id": 123,
  "parent_part_id": 123,
  "unit_type": "Volume",
  "unit_of_measure": "ml",
  "density": 0.314,
  "density_mass_unit": "g",
  "density_volume_unit": "ml"
})J";

// "Update an existing part" (seed line 883)
constexpr const char* kPartUpdate = R"J({
  "name": "Blue Juice (500 mL)",
  "identification": "BJUICE500"
})J";

// "Create multiple new parts" (seed line 939)
constexpr const char* kPartsBulkCreate = R"J([
  {
    }
])J";

// "Update multiple existing parts" (seed line 1009)
constexpr const char* kPartsBulkUpdate = R"J([
  {
    }
])J";

// "Create a new inspection" (seed line 1102)
constexpr const char* kInspectionCreate = R"J({
  "id": 1050,
  "entity_id": 234,
  "entity_type": "part",
  "drawing_id": 32,
  "sample_size": 1,
  "is_create_batch_records": true,
  "passed": true
})J";

// "Update an existing inspection" (seed line 1168)
constexpr const char* kInspectionUpdate = R"J({
  "passed": true
})J";

// "Update an existing inspection sample" (seed line 1245)
constexpr const char* kInspectionSampleUpdate = R"J({
  "sample_serial": "string",
  "sample_number": 5,
  "results": [
    ]
})J";

// "Create a new CAR" (seed line 1336)
constexpr const char* kCarCreate = R"J({
  "car_number": "AUD-151"
})J";

// "Update an existing CAR" (seed line 1394)
constexpr const char* kCarUpdate = R"J({
  "car_number": "AUD-151"
})J";

// "Add a new item to a shipment" (seed line 1453)
constexpr const char* kShipmentItemCreate = R"J({
  "part_id": 10664,
  "quantity": 5,
  "serial_number": 1122,
  "drawing_id": 952,
  "order": 2
})J";

// "Update a shipment item" (seed line 1520)
constexpr const char* kShipmentItemUpdate = R"J({
  "part_id": 10664,
  "quantity": 10,
  "serial_number": 1122,
  "drawing_id": 952,
  "order": 2
})J";

// "Create a new lab result" (seed line 1638)
constexpr const char* kLabResultCreate = R"J({
  "id": 123,
  "specification_id": 456,
  "testing_id": "TEST123",
  "testing_date": "2016-11-04",
  "inspector_name": "Joe Smith",
  "batch_number": "BATCH123",
  "package_id": "PACKAGE123",
  "product_name": "Banana Flower",
  "lab_data": "{'moisture_content_percent':'5.25','moisture_content_water_activity_rate':'11.00001'}"
})J";

// "Update an existing lab result" (seed line 1716)
constexpr const char* kLabResultUpdate = R"J({
  "testing_id": "TEST123",
  "testing_date": "2016-11-04",
  "inspector_name": "Joe Smith",
  "batch_number": "BATCH123",
  "package_id": "PACKAGE123",
  "product_name": "Banana Flower",
  "lab_data": "{'moisture_content_percent':'5.25','moisture_content_water_activity_rate':'11.00001'}"
})J";

// "Initiate a new complaint." (seed line 1813)
constexpr const char* kComplaintCreate = R"J({
  "complaint_number": 123,
  "complaint_date": "2016-11-04",
  "part_id": 10,
  "error_code_id": 15,
  "received_by": "Jhone Doe",
  "received_via": "Phone",
  "strain_name": "Strain",
  "batch_number": "BATCH123",
  "store_info": "Store information goes here",
  "comments": "Comments from complaint goes here",
  "complainant_full_name": "Jane Doe",
  "complainant_address": "111 street name, city, province, Country",
  "complainant_phone": "1234567890",
  "complainant_email": "jane@doe.com",
  "complainant_fax": "12345"
})J";

// "Update an existing complaint record" (seed line 1915)
constexpr const char* kComplaintUpdate = R"J({
  "complaint_number": 123,
  "complaint_date": "2016-11-04",
  "part_id": 10,
  "error_code_id": 15,
  "received_by": "Jhone Doe",
  "received_via": "Phone",
  "strain_name": "Strain",
  "batch_number": "BATCH123",
  "store_info": "Store information goes here",
  "comments": "Comments from complaint goes here",
  "complainant_full_name": "Jane Doe",
  "complainant_address": "111 street name, city, province, Country",
  "complainant_phone": "1234567890",
  "complainant_email": "jane@doe.com",
  "complainant_fax": "12345"
})J";

// "Add new item to an order" (seed line 2003)
constexpr const char* kOrderItemCreate = R"J({
  "order_id": 10664,
  "part_id": 115,
  "quantity": 10,
  "serial_number": "test_mar_8_2023_2",
  "drawing_id": 2,
  "is_low_inventory": 2,
  "is_low_materials": 2,
  "order": 1
})J";

// "Edit existing item of an order" (seed line 2088)
constexpr const char* kOrderItemUpdate = R"J({
  "order_id": 10664,
  "part_id": 115,
  "quantity": 10,
  "serial_number": "test_mar_8_2023_2",
  "drawing_id": 2,
  "is_low_inventory": 2,
  "is_low_materials": 2,
  "order": 1
})J";

// "Update an existing Receiving Inspection Item" (seed line 2185)
constexpr const char* kReceivingInspectionItemUpdate = R"J({
  "receiving_inspection_id": 531,
  "part_id": 10664,
  "quantity_accepted": 50,
  "quantity_rejected": 0,
  "unit_of_measure": "units",
  "serial_number": 11223,
  "order": 2,
  "is_active_batch": false,
  "received_date": "2021-07-04T00:00:00.000Z",
  "drawing_id": 952
})J";

// "Add an item to a receiving inspection" (seed line 2276)
constexpr const char* kReceivingInspectionItemCreate = R"J({
  "part_id": 10664,
  "quantity_accepted": 10,
  "quantity_rejected": 0,
  "unit_of_measure": "units",
  "serial_number": 1122,
  "order": 2,
  "is_active_batch": false,
  "cost": 1500,
  "received_date": "2021-07-04T00:00:00.000Z",
  "drawing_id": 952
})J";

// "Create a new receiving inspection" (seed line 2532)
constexpr const char* kReceivingInspectionCreate = R"J({
  "supplier_id": 1024,
  "serial_number": "S123456",
  "po_number": "PO123456",
  "requested_shipment_arrival_date": "2016-11-04",
  "actual_arrival_date": "2016-11-08",
  "is_closed": 0,
  "is_quarantined": 1,
  "total_order_quantity": 10,
  "is_receive_all_items": true,
  "notes": "Here are some notes about the order",
  "items": [
    ]
})J";

// "Update an existing receiving inspection" (seed line 2625)
constexpr const char* kReceivingInspectionUpdate = R"J({
  "id": 1024,
  "supplier_id": 1024,
  "serial_number": "S123456",
  "po_number": "PO123456",
  "requested_shipment_arrival_date": "2016-11-04",
  "actual_arrival_date": "2016-11-08",
  "is_closed": 0,
  "is_quarantined": 1,
  "total_order_quantity": 10,
  "is_receive_all_items": true,
  "notes": "Here are some notes about the order",
  "items": [
    ]
})J";

// "Update an existing part-type" (seed line 2701)
constexpr const char* kPartTypeUpdate = R"J({
  "name": "Part Type Name",
  "is_active": 1
})J";

// "Create a new part-type" (seed line 2759)
constexpr const char* kPartTypeCreate = R"J({
  "name": "Part Type Name",
  "is_active": 1
})J";

// "Update an existing location" (seed line 2824)
constexpr const char* kLocationUpdate = R"J({
  "name": "Location Name",
  "is_active": 1
})J";

// "Create a new location" (seed line 2882)
constexpr const char* kLocationCreate = R"J({
  "name": "Location Name",
  "is_active": 1
})J";

// "Create a new customer" (seed line 2974)
constexpr const char* kCustomerCreate = R"J({
  "name": "Customers Inc.",
  "primary_name": "John Smith",
  "primary_email": "johnsmith@customers.com",
  "primary_phone": "1-649-123-4567",
  "primary_position": "Sales Director",
  "secondary_name": "Jane Smith",
  "secondary_email": "janesmith@abc.com",
  "secondary_phone": "1-649-123-4567",
  "secondary_position": "CEO",
  "street": "Test Street 1",
  "city": "Toronto",
  "province": "Ontario",
  "country": "Canada",
  "postal_code": "n4n4n4",
  "custom_field_1": "Custom value 2",
  "custom_field_2": "Custom value 2"
})J";

// "Update an existing customer" (seed line 3077)
constexpr const char* kCustomerUpdate = R"J({
  "name": "Customers Inc.",
  "primary_name": "John Smith",
  "primary_email": "johnsmith@customers.com",
  "primary_phone": "1-649-123-4567",
  "primary_position": "Sales Director",
  "secondary_name": "Jane Smith",
  "secondary_email": "janesmith@abc.com",
  "secondary_phone": "1-649-123-4567",
  "secondary_position": "CEO",
  "street": "Test Street 1",
  "city": "Toronto",
  "province": "Ontario",
  "country": "Canada",
  "postal_code": "n4n4n4",
  "custom_field_1": "Custom value 2",
  "custom_field_2": "Custom value 2"
})J";

// "Update an existing employee" (seed line 3218)
constexpr const char* kEmployeeUpdate = R"J({
  "first_name": "John",
  "last_name": "Smith",
  "is_active": true,
  "position": "Sales Director",
  "phone_number": 9999999999,
  "email_address": "janesmith@abc.com",
  "address": "Toronto",
  "next_review_date": "2023-04-10T00:00:00.000Z",
  "review_repeat_duration": "Months",
  "review_repeat_frequency": 2,
  "notes": "Notes here"
})J";

constexpr size_t kSeed002RequestSamples = 34;

struct Sample {
  const char* operation;  // the seed's heading
  const char* body;
};

// Replayed by the tests below (one test each, named after the operation).
const Sample kSamplesReplayed[] = {
    {"Create a new supplier", kSupplierCreate},
    {"Update an existing supplier", kSupplierUpdate},
    {"Create a NCR record", kNcrCreate},
    {"Update an existing NCR record", kNcrUpdate},
    {"Create a new part", kPartCreate},
    {"Update an existing part", kPartUpdate},
    {"Create multiple new parts", kPartsBulkCreate},
    {"Update multiple existing parts", kPartsBulkUpdate},
    {"Create a new inspection", kInspectionCreate},
    {"Update an existing inspection", kInspectionUpdate},
    {"Update an existing inspection sample", kInspectionSampleUpdate},
    {"Create a new CAR", kCarCreate},
    {"Update an existing CAR", kCarUpdate},
    {"Create a new lab result", kLabResultCreate},
    {"Update an existing lab result", kLabResultUpdate},
    {"Initiate a new complaint.", kComplaintCreate},
    {"Update an existing complaint record", kComplaintUpdate},
    {"Update an existing Receiving Inspection Item", kReceivingInspectionItemUpdate},
    {"Add an item to a receiving inspection", kReceivingInspectionItemCreate},
    {"Create a new receiving inspection", kReceivingInspectionCreate},
    {"Update an existing receiving inspection", kReceivingInspectionUpdate},
    {"Update an existing part-type", kPartTypeUpdate},
    {"Create a new part-type", kPartTypeCreate},
    {"Update an existing location", kLocationUpdate},
    {"Create a new location", kLocationCreate},
    {"Create a new customer", kCustomerCreate},
    {"Update an existing customer", kCustomerUpdate},
    {"Update an existing employee", kEmployeeUpdate},
    {"Create a new order", kOrderCreate},
    {"Update an existing order", kOrderUpdate},
    {"Add new item to an order", kOrderItemCreate},
    {"Edit existing item of an order", kOrderItemUpdate},
    {"Add a new item to a shipment", kShipmentItemCreate},
    {"Update a shipment item", kShipmentItemUpdate},
};

using Ids = std::initializer_list<std::pair<const char*, int64_t>>;

class Seed002ReplayTest : public ServerTest {
 protected:
  // Sends `body` and checks the seed's success envelope and the status;
  // returns `data` (null when anything failed).
  json Call(const std::string& method, const std::string& path, const std::string& body, int status) {
    HttpResponse r = method == "POST"  ? client_->Post(path, body)
                     : method == "PUT" ? client_->Put(path, body)
                                       : client_->Get(path);
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
  static std::string WithIds(const char* sample, Ids ids) {
    if (ids.size() == 0) return sample;
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

  std::string last_body_;  // of the last Call
};

TEST_F(Seed002ReplayTest, CatalogueCoversEverySampleOfTheSeed) {
  EXPECT_EQ(std::size(kSamplesReplayed), kSeed002RequestSamples);
  for (const Sample& s : kSamplesReplayed)
    EXPECT_FALSE(json::parse(s.body, nullptr, false).is_discarded()) << s.operation;
}

// ---- Suppliers --------------------------------------------------------------

TEST_F(Seed002ReplayTest, CreateANewSupplier) {
  json d = Call("POST", "/v1/suppliers", kSupplierCreate, 201);
  ExpectReadBack("/v1/suppliers", d, kSupplierCreate);
}

TEST_F(Seed002ReplayTest, UpdateAnExistingSupplier) {
  int64_t id = Make("/v1/suppliers", {{"name", "Before"}, {"notes", "old notes"}});
  json d = Call("PUT", "/v1/suppliers/" + std::to_string(id), kSupplierUpdate, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], id);
  ExpectReadBack("/v1/suppliers", d, kSupplierUpdate);
}

// ---- Customers --------------------------------------------------------------

TEST_F(Seed002ReplayTest, CreateANewCustomer) {
  json d = Call("POST", "/v1/customers", kCustomerCreate, 201);
  ExpectReadBack("/v1/customers", d, kCustomerCreate);
}

TEST_F(Seed002ReplayTest, UpdateAnExistingCustomer) {
  int64_t id = Make("/v1/customers", {{"name", "Before"}, {"city", "Ottawa"}});
  json d = Call("PUT", "/v1/customers/" + std::to_string(id), kCustomerUpdate, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], id);
  ExpectReadBack("/v1/customers", d, kCustomerUpdate);
}

// ---- Parts --------------------------------------------------------------------

TEST_F(Seed002ReplayTest, CreateANewPart) {
  int64_t company = Make("/v1/companies", {{"name", "Fixture company"}});
  int64_t supplier = Supplier();
  int64_t parent = Part("PARENT-1");
  std::string sent = WithIds(kPartCreate, {{"company_id", company}, {"supplier_id", supplier}, {"parent_part_id", parent}});
  json d = Call("POST", "/v1/parts", sent, 201);
  ExpectReadBack("/v1/parts", d, sent);
}

TEST_F(Seed002ReplayTest, UpdateAnExistingPart) {
  int64_t id = Part("BEFORE-1");
  json d = Call("PUT", "/v1/parts/" + std::to_string(id), kPartUpdate, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], id);
  ExpectReadBack("/v1/parts", d, kPartUpdate);
  EXPECT_EQ(d["is_finished_product"], true);  // unsent fields are kept
}

// The page collapses the array's item to { }: as rendered, the body names
// none of the fields the seed marks required (name, identification).
TEST_F(Seed002ReplayTest, CreateMultipleNewPartsAsRendered) {
  HttpResponse r = client_->Post("/v1/parts/bulk", kPartsBulkCreate);
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
  int64_t company = Make("/v1/companies", {{"name", "Fixture company"}});
  int64_t supplier = Supplier();
  int64_t parent = Part("PARENT-1");
  std::string item = WithIds(kPartCreate, {{"company_id", company}, {"supplier_id", supplier}, {"parent_part_id", parent}});
  HttpResponse r = client_->Post("/v1/parts/bulk", "[" + item + "]");
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
  HttpResponse r = client_->Put("/v1/parts/bulk", kPartsBulkUpdate);
  ASSERT_EQ(r.status, 422) << r.body;
  json j = r.Json();
  EXPECT_EQ(j["status"], "error");
  ASSERT_EQ(j["error"]["rows"].size(), 1u) << r.body;
  EXPECT_EQ(j["error"]["rows"][0]["fields"]["id"][0], "is required");
}

// The collapsed item filled with the part sample and the id its schema lists first.
TEST_F(Seed002ReplayTest, UpdateMultipleExistingPartsWithThePartSampleAsItem) {
  int64_t company = Make("/v1/companies", {{"name", "Fixture company"}});
  int64_t supplier = Supplier();
  int64_t parent = Part("PARENT-1");
  int64_t id = Part("BEFORE-1");
  ordered_json sample = ordered_json::parse(
      WithIds(kPartCreate, {{"company_id", company}, {"supplier_id", supplier}, {"parent_part_id", parent}}));
  ordered_json item = {{"id", id}};
  for (const auto& [key, value] : sample.items()) item[key] = value;
  HttpResponse r = client_->Put("/v1/parts/bulk", "[" + item.dump(2) + "]");
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
  int64_t part = Part("INSPECTED-1");
  int64_t spec = Specification();
  std::string sent = WithIds(kInspectionCreate, {{"entity_id", part}, {"drawing_id", spec}});
  json d = Call("POST", "/v1/inspections", sent, 201);
  ASSERT_TRUE(d.is_object());
  EXPECT_NE(d["id"], 1050);
  EXPECT_EQ(client_->Get("/v1/inspections/1050").status, 404);
  ExpectReadBack("/v1/inspections", d, sent, json::object(), {"id"});
  EXPECT_EQ(d["passed"], true);
  EXPECT_EQ(d["samples"], json::array());
}

TEST_F(Seed002ReplayTest, UpdateAnExistingInspection) {
  int64_t id = Make("/v1/inspections", {{"entity_id", Part("INSPECTED-1")}, {"drawing_id", Specification()}});
  ASSERT_TRUE(Read("/v1/inspections", id)["passed"].is_null());
  json d = Call("PUT", "/v1/inspections/" + std::to_string(id), kInspectionUpdate, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], id);
  ExpectReadBack("/v1/inspections", d, kInspectionUpdate);
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
  int64_t inspection = Make("/v1/inspections", {{"entity_id", Part("INSPECTED-1")}, {"drawing_id", Specification()}});
  std::string base = "/v1/inspections/" + std::to_string(inspection) + "/samples";
  int64_t sample = Make(base, json::object());
  json d = Call("PUT", base + "/" + std::to_string(sample), kInspectionSampleUpdate, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], sample);
  ExpectReadBack(base, d, kInspectionSampleUpdate);
  json parent = Read("/v1/inspections", inspection);
  ASSERT_EQ(parent["samples"].size(), 1u) << parent.dump();
  ExpectStored(kInspectionSampleUpdate, parent["samples"][0]);
}

// ---- CARs ---------------------------------------------------------------------

TEST_F(Seed002ReplayTest, CreateANewCar) {
  json d = Call("POST", "/v1/cars", kCarCreate, 201);
  ExpectReadBack("/v1/cars", d, kCarCreate);
}

TEST_F(Seed002ReplayTest, UpdateAnExistingCar) {
  int64_t id = Make("/v1/cars", {{"car_number", "CAR-BEFORE"}});
  json d = Call("PUT", "/v1/cars/" + std::to_string(id), kCarUpdate, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], id);
  ExpectReadBack("/v1/cars", d, kCarUpdate);
}

// ---- Lab results --------------------------------------------------------------

TEST_F(Seed002ReplayTest, CreateANewLabResult) {
  std::string sent = WithIds(kLabResultCreate, {{"specification_id", Specification()}});
  json d = Call("POST", "/v1/lab_results", sent, 201);
  ASSERT_TRUE(d.is_object());
  EXPECT_NE(d["id"], 123);
  EXPECT_EQ(client_->Get("/v1/lab_results/123").status, 404);
  ExpectReadBack("/v1/lab_results", d, sent, json::object(), {"id"});
}

TEST_F(Seed002ReplayTest, UpdateAnExistingLabResult) {
  int64_t id = Make("/v1/lab_results", {{"specification_id", Specification()}, {"testing_id", "BEFORE"},
                                        {"testing_date", "2015-01-01"}, {"lab_data", "{}"}});
  json d = Call("PUT", "/v1/lab_results/" + std::to_string(id), kLabResultUpdate, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], id);
  ExpectReadBack("/v1/lab_results", d, kLabResultUpdate);
}

// ---- Complaints ---------------------------------------------------------------

TEST_F(Seed002ReplayTest, InitiateANewComplaint) {
  std::string sent = WithIds(kComplaintCreate, {{"part_id", Part("COMPLAINED-1")}});
  json d = Call("POST", "/v1/complaints", sent, 201);
  ExpectReadBack("/v1/complaints", d, sent, {{"complaint_number", "123"}});
}

TEST_F(Seed002ReplayTest, UpdateAnExistingComplaintRecord) {
  int64_t id = Make("/v1/complaints", {{"complaint_number", "C-BEFORE"}, {"complaint_date", "2015-01-01"},
                                       {"received_via", "Email"}});
  std::string sent = WithIds(kComplaintUpdate, {{"part_id", Part("COMPLAINED-1")}});
  json d = Call("PUT", "/v1/complaints/" + std::to_string(id), sent, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], id);
  ExpectReadBack("/v1/complaints", d, sent, {{"complaint_number", "123"}});
}

// ---- NCRs ---------------------------------------------------------------------

TEST_F(Seed002ReplayTest, CreateANcrRecord) {
  std::string sent = WithIds(kNcrCreate, {{"part_id", Part("NONCONFORMING-1")}});
  json d = Call("POST", "/v1/ncrs", sent, 201);
  ExpectReadBack("/v1/ncrs", d, sent);
}

// With e-signatures off (the organization's default) the sample's
// esignature_password (a number) and esignature_reason are accepted and
// ignored: nothing is signed, and the password is never shown.
TEST_F(Seed002ReplayTest, UpdateAnExistingNcrRecord) {
  int64_t id = Make("/v1/ncrs", {{"ncr_number", "NCR-BEFORE"}, {"source", "Customer"}, {"quantity", 1},
                                 {"is_root_cause_determined", true}, {"has_incomplete_action_items", true},
                                 {"has_unread_notes", true}});
  std::string sent = WithIds(kNcrUpdate, {{"part_id", Part("NONCONFORMING-1")}});
  json d = Call("PUT", "/v1/ncrs/" + std::to_string(id), sent, 200);
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
  std::string sent = WithIds(kNcrCreate, {{"part_id", Part("NONCONFORMING-1")}});
  int64_t internal = IdOf(Call("POST", "/v1/ncrs", sent, 201));
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

TEST_F(Seed002ReplayTest, CreateANewReceivingInspection) {
  std::string sent = WithIds(kReceivingInspectionCreate, {{"supplier_id", Supplier()}});
  json d = Call("POST", "/v1/receiving_inspections", sent, 201);
  ExpectReadBack("/v1/receiving_inspections", d, sent, {{"is_closed", false}, {"is_quarantined", true}});
  EXPECT_EQ(d["status"], "open");
}

// The body's "id" (1024) is ignored: the row at the path is updated.
TEST_F(Seed002ReplayTest, UpdateAnExistingReceivingInspection) {
  int64_t id = Make("/v1/receiving_inspections", {{"po_number", "PO-BEFORE"}, {"is_receive_all_items", false},
                                                  {"notes", "old notes"}});
  std::string sent = WithIds(kReceivingInspectionUpdate, {{"supplier_id", Supplier()}});
  json d = Call("PUT", "/v1/receiving_inspections/" + std::to_string(id), sent, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], id);
  EXPECT_EQ(client_->Get("/v1/receiving_inspections/1024").status, 404);
  ExpectReadBack("/v1/receiving_inspections", d, sent, {{"is_closed", false}, {"is_quarantined", true}}, {"id"});
  EXPECT_EQ(d["status"], "open");
}

TEST_F(Seed002ReplayTest, AddAnItemToAReceivingInspection) {
  int64_t ri = Make("/v1/receiving_inspections", {{"po_number", "PO-1"}});
  std::string sent = WithIds(kReceivingInspectionItemCreate, {{"part_id", Part("RECEIVED-1")}, {"drawing_id", Specification()}});
  std::string base = "/v1/receiving_inspections/" + std::to_string(ri) + "/items";
  json d = Call("POST", base, sent, 201);
  ExpectReadBack(base, d, sent, {{"serial_number", "1122"}, {"received_date", "2021-07-04"}});
  EXPECT_EQ(d["receiving_inspection_id"], ri);
  json parent = Read("/v1/receiving_inspections", ri);
  ASSERT_EQ(parent["items"].size(), 1u) << parent.dump();
  EXPECT_EQ(parent["items"][0], d);
}

TEST_F(Seed002ReplayTest, UpdateAnExistingReceivingInspectionItem) {
  int64_t ri = Make("/v1/receiving_inspections", {{"po_number", "PO-1"}});
  std::string base = "/v1/receiving_inspections/" + std::to_string(ri) + "/items";
  int64_t item = Make(base, {{"serial_number", "OLD"}, {"quantity_accepted", 1}, {"quantity_rejected", 1},
                             {"unit_of_measure", "kg"}, {"order", 1}, {"is_active_batch", true},
                             {"received_date", "2020-01-01"}});
  std::string sent = WithIds(kReceivingInspectionItemUpdate, {{"receiving_inspection_id", ri},
                                                              {"part_id", Part("RECEIVED-1")},
                                                              {"drawing_id", Specification()}});
  json d = Call("PUT", base + "/" + std::to_string(item), sent, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], item);
  ExpectReadBack(base, d, sent, {{"serial_number", "11223"}, {"received_date", "2021-07-04"}});
  json parent = Read("/v1/receiving_inspections", ri);
  ASSERT_EQ(parent["items"].size(), 1u) << parent.dump();
  EXPECT_EQ(parent["items"][0], d);
}

// ---- Part types and locations -------------------------------------------------

TEST_F(Seed002ReplayTest, CreateANewPartType) {
  json d = Call("POST", "/v1/part_types", kPartTypeCreate, 201);
  ExpectReadBack("/v1/part_types", d, kPartTypeCreate, {{"is_active", true}});
}

TEST_F(Seed002ReplayTest, UpdateAnExistingPartType) {
  int64_t id = Make("/v1/part_types", {{"name", "Before"}, {"is_active", 0}});
  json d = Call("PUT", "/v1/part_types/" + std::to_string(id), kPartTypeUpdate, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], id);
  ExpectReadBack("/v1/part_types", d, kPartTypeUpdate, {{"is_active", true}});
}

TEST_F(Seed002ReplayTest, CreateANewLocation) {
  json d = Call("POST", "/v1/locations", kLocationCreate, 201);
  ExpectReadBack("/v1/locations", d, kLocationCreate, {{"is_active", true}});
}

TEST_F(Seed002ReplayTest, UpdateAnExistingLocation) {
  int64_t id = Make("/v1/locations", {{"name", "Before"}, {"is_active", 0}});
  json d = Call("PUT", "/v1/locations/" + std::to_string(id), kLocationUpdate, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], id);
  ExpectReadBack("/v1/locations", d, kLocationUpdate, {{"is_active", true}});
}

// ---- Employees ----------------------------------------------------------------

TEST_F(Seed002ReplayTest, UpdateAnExistingEmployee) {
  int64_t id = Make("/v1/employees", {{"first_name", "Before"}, {"is_active", false}, {"review_repeat_frequency", 1},
                                      {"review_repeat_duration", "Weeks"}});
  json d = Call("PUT", "/v1/employees/" + std::to_string(id), kEmployeeUpdate, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], id);
  ExpectReadBack("/v1/employees", d, kEmployeeUpdate,
                 {{"phone_number", "9999999999"}, {"next_review_date", "2023-04-10"}});
}

// ---- Inventory (no request samples: the list examples and GET by id) ----------

TEST_F(Seed002ReplayTest, InventoryListFiltersAndGet) {
  int64_t company = Make("/v1/companies", {{"name", "Fixture company"}});
  int64_t supplier = Supplier();
  int64_t parent = Part("PARENT-1");
  std::string sent = WithIds(kPartCreate, {{"company_id", company}, {"supplier_id", supplier}, {"parent_part_id", parent}});
  int64_t part = IdOf(Call("POST", "/v1/parts", sent, 201));
  int64_t other = Part("OTHER-1");
  int64_t location = IdOf(Call("POST", "/v1/locations", kLocationCreate, 201));
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

}  // namespace
}  // namespace supplyhub::testing

namespace supplyhub::testing {
namespace {

// ---- Orders and order items ------------------------------------------------------

// Seed 002 sends order_number and serial_number as numbers (kept as their
// text) and the order date as a datetime (kept as the date).
const json kOrderCoerced = {{"order_date", "2023-01-12"}, {"serial_number", "123456789999"}, {"order_number", "1324354657"}};

TEST_F(Seed002ReplayTest, CreateANewOrder) {
  int64_t customer = Make("/v1/customers", {{"name", "Fixture customer"}});
  std::string sent = WithIds(kOrderCreate, {{"contact_id", customer}});
  json d = Call("POST", "/v1/orders", sent, 201);
  ExpectReadBack("/v1/orders", d, sent, kOrderCoerced);
  EXPECT_EQ(d["status"], "open");
}

TEST_F(Seed002ReplayTest, UpdateAnExistingOrder) {
  int64_t customer = Make("/v1/customers", {{"name", "Fixture customer"}});
  int64_t id = Make("/v1/orders", {{"order_number", "BEFORE"}, {"ship_to_city", "Lyon"}});
  std::string sent = WithIds(kOrderUpdate, {{"contact_id", customer}});
  json d = Call("PUT", "/v1/orders/" + std::to_string(id), sent, 200);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["id"], id);
  ExpectReadBack("/v1/orders", d, sent, kOrderCoerced);
  EXPECT_EQ(d["ship_to_city"], "Lyon");  // unsent fields are kept
}

// The body names its order (order_id, the path's); booleans come as 2.
TEST_F(Seed002ReplayTest, AddNewItemToAnOrder) {
  int64_t order = Make("/v1/orders", {{"order_number", "O-1"}});
  int64_t part = Part("ORDERED-1");
  int64_t spec = Specification();
  std::string sent = WithIds(kOrderItemCreate, {{"order_id", order}, {"part_id", part}, {"drawing_id", spec}});
  json d = Call("POST", "/v1/orders/" + std::to_string(order) + "/items", sent, 201);
  ExpectReadBack("/v1/orders/" + std::to_string(order) + "/items", d, sent,
                 {{"is_low_inventory", true}, {"is_low_materials", true}});
  json parent = Read("/v1/orders", order);
  ASSERT_EQ(parent["items"].size(), 1u);
  EXPECT_EQ(parent["items"][0]["id"], d["id"]);
}

TEST_F(Seed002ReplayTest, EditExistingItemOfAnOrder) {
  int64_t order = Make("/v1/orders", {{"order_number", "O-1"}});
  int64_t part = Part("ORDERED-1");
  int64_t spec = Specification();
  int64_t item = Make("/v1/orders/" + std::to_string(order) + "/items", {{"part_id", part}, {"quantity", 1}});
  std::string sent = WithIds(kOrderItemUpdate, {{"order_id", order}, {"part_id", part}, {"drawing_id", spec}});
  json d = Call("PUT", "/v1/orders/" + std::to_string(order) + "/items/" + std::to_string(item), sent, 200);
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
  int64_t shipment = FormShipment(*client_, "requested_ship_date=2023-01-12&po_number=LOT-1&is_ship_all_items=true");
  int64_t part = Part("SHIPPED-1");
  int64_t spec = Specification();
  std::string sent = WithIds(kShipmentItemCreate, {{"part_id", part}, {"drawing_id", spec}});
  json d = Call("POST", "/v1/shipments/" + std::to_string(shipment) + "/items", sent, 201);
  ExpectReadBack("/v1/shipments/" + std::to_string(shipment) + "/items", d, sent, {{"serial_number", "1122"}});
}

TEST_F(Seed002ReplayTest, UpdateAShipmentItem) {
  int64_t shipment = FormShipment(*client_, "requested_ship_date=2023-01-12");
  int64_t part = Part("SHIPPED-1");
  int64_t spec = Specification();
  int64_t item = Make("/v1/shipments/" + std::to_string(shipment) + "/items", {{"part_id", part}, {"quantity", 1}});
  std::string sent = WithIds(kShipmentItemUpdate, {{"part_id", part}, {"drawing_id", spec}});
  json d = Call("PUT", "/v1/shipments/" + std::to_string(shipment) + "/items/" + std::to_string(item), sent, 200);
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
