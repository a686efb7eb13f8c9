// Every kind of bad request gets a clear error with the right status, and
// changes nothing.
#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

class BadInputTest : public ServerTest {
 protected:
  void Configure(Config& c) override { c.max_body_bytes = 64 * 1024; }

  // Asserts the error envelope and that no part was written.
  void ExpectRejected(const HttpResponse& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    auto j = r.Json();
    EXPECT_EQ(j["status"], "error");
    EXPECT_EQ(j["error"]["code"], code);
    EXPECT_FALSE(j["message"].get<std::string>().empty());
    EXPECT_FALSE(j["request_id"].get<std::string>().empty());
    EXPECT_EQ(Count("parts"), 0);
  }
};

TEST_F(BadInputTest, MalformedJsonIs400) {
  for (const char* body : {"{", "{\"name\":}", "{\"name\":\"x\",}", "nul", "{\"name\":\"x\"} trailing",
                           "{\"name\":tru,\"identification\":\"x\"}", "\xff\xfe"}) {
    ExpectRejected(client_->Post("/v1/parts", body), 400, "bad_request");
  }
}

TEST_F(BadInputTest, BodyMustBeAnObject) {
  ExpectRejected(client_->Post("/v1/parts", "[1,2]"), 400, "bad_request");
  ExpectRejected(client_->Post("/v1/parts", "\"text\""), 400, "bad_request");
}

TEST_F(BadInputTest, WrongTypesAre422PerField) {
  auto r = client_->Post("/v1/parts", R"({"name":[12],"identification":"X","is_activity":"yes","density":"heavy",
    "batch_ids":"B1","supplier_id":1.5})");
  ExpectRejected(r, 422, "validation_failed");
  auto fields = r.Json()["error"]["fields"];
  EXPECT_EQ(fields["name"][0], "must be a string");
  EXPECT_EQ(fields["is_activity"][0], "must be a boolean");
  EXPECT_EQ(fields["density"][0], "must be a number");
  EXPECT_EQ(fields["batch_ids"][0], "must be an array");
  EXPECT_EQ(fields["supplier_id"][0], "must be an integer");
}

// PostgreSQL text cannot hold NUL: refused on both backends, not truncated.
// Form bodies (seed 002's shipments) get what JSON bodies get: text that is
// not UTF-8 is a 400 (not stored as U+FFFD), and a number JSON would not take
// ("0001") is the field's own 422, not "Malformed JSON".
TEST_F(BadInputTest, FormBodiesRefuseInvalidUtf8AndNameTheFieldOfABadNumber) {
  Headers form = {{"Content-Type", "application/x-www-form-urlencoded"}};
  auto bad_text = client_->Send("POST", "/v1/shipments", "po_number=%FF%FEx", form);
  EXPECT_EQ(bad_text.status, 400) << bad_text.body;
  EXPECT_NE(bad_text.body.find("UTF-8"), std::string::npos) << bad_text.body;
  auto bad_number = client_->Send("POST", "/v1/shipments", "order_id=0001", form);
  EXPECT_EQ(bad_number.status, 422) << bad_number.body;
  EXPECT_TRUE(bad_number.Json()["error"]["fields"].contains("order_id")) << bad_number.body;
  EXPECT_EQ(bad_number.body.find("Malformed"), std::string::npos) << bad_number.body;
  EXPECT_EQ(Count("shipments"), 0);
  EXPECT_EQ(client_->Send("POST", "/v1/shipments", "po_number=ok&is_ship_all_items=1", form).status, 201);
}

TEST_F(BadInputTest, NulCharactersInTextAre422) {
  auto r = client_->Post("/v1/parts", R"({"name":"a\u0000b","identification":"NUL-1"})");
  ExpectRejected(r, 422, "validation_failed");
  EXPECT_EQ(r.Json()["error"]["fields"]["name"][0], "must not contain NUL characters");
}

TEST_F(BadInputTest, UnknownFieldsAre422) {
  auto r = client_->Post("/v1/parts", R"({"name":"x","identification":"X","colour":"red"})");
  ExpectRejected(r, 422, "validation_failed");
  EXPECT_EQ(r.Json()["error"]["fields"]["colour"][0], "is not a field of part");
}

TEST_F(BadInputTest, MissingRequiredFieldsAre422) {
  auto r = client_->Post("/v1/parts", R"({"unit_type":"Mass"})");
  ExpectRejected(r, 422, "validation_failed");
  EXPECT_EQ(r.Json()["error"]["fields"]["name"][0], "is required");
  EXPECT_EQ(r.Json()["error"]["fields"]["identification"][0], "is required");
  auto nulls = client_->Post("/v1/parts", R"({"name":null,"identification":"X"})");
  ExpectRejected(nulls, 422, "validation_failed");
  EXPECT_EQ(nulls.Json()["error"]["fields"]["name"][0], "cannot be null");
}

TEST_F(BadInputTest, EnumsAndLengthsAreChecked) {
  auto r = client_->Post("/v1/parts", R"({"name":"x","identification":"X","unit_of_measure":"furlong"})");
  ExpectRejected(r, 422, "validation_failed");
  EXPECT_NE(r.Json()["error"]["fields"]["unit_of_measure"][0].get<std::string>().find("kg"), std::string::npos);
  std::string long_name(256, 'n');
  ExpectRejected(client_->Post("/v1/parts", R"({"name":")" + long_name + R"(","identification":"X"})"), 422,
                 "validation_failed");
}

TEST_F(BadInputTest, OversizedBodyIs413) {
  std::string huge = R"({"name":")" + std::string(70 * 1024, 'a') + R"(","identification":"X"})";
  auto r = client_->Post("/v1/parts", huge);
  ExpectRejected(r, 413, "payload_too_large");
}

TEST_F(BadInputTest, WrongContentTypeIs415) {
  auto r = client_->Send("POST", "/v1/parts", R"({"name":"x","identification":"X"})",
                         {{"Content-Type", "text/plain"}});
  ExpectRejected(r, 415, "unsupported_media_type");
  auto none = client_->Send("POST", "/v1/parts", R"({"name":"x","identification":"X"})");
  ExpectRejected(none, 415, "unsupported_media_type");
  // A charset parameter is fine.
  auto ok = client_->Send("POST", "/v1/parts", R"({"name":"x","identification":"X"})",
                          {{"Content-Type", "application/json; charset=utf-8"}});
  EXPECT_EQ(ok.status, 201);
}

TEST_F(BadInputTest, EmptyBodyIs400) {
  ExpectRejected(client_->Post("/v1/parts", ""), 400, "bad_request");
}

TEST_F(BadInputTest, UnknownRouteIs404) {
  ExpectRejected(client_->Post("/v1/widgets", R"({"name":"x"})"), 404, "not_found");
}

TEST_F(BadInputTest, WrongMethodIs405WithAllow) {
  auto r = client_->Delete("/v1/parts");
  ExpectRejected(r, 405, "method_not_allowed");
  EXPECT_EQ(r.Header("allow"), "GET, POST");
  auto bulk = client_->Get("/v1/parts/bulk");
  EXPECT_EQ(bulk.status, 405);
  EXPECT_EQ(bulk.Header("allow"), "POST, PUT");
}

TEST_F(BadInputTest, PatchWithBadFieldsChangesNothing) {
  auto created = client_->Post("/v1/parts", R"({"name":"keep","identification":"K"})").Json()["data"];
  std::string url = "/v1/parts/" + std::to_string(created["id"].get<int64_t>());
  EXPECT_EQ(client_->Patch(url, R"({"name":"changed","unit_type":"Weight"})").status, 422);
  EXPECT_EQ(client_->Patch(url, R"({"name":"changed",)").status, 400);
  EXPECT_EQ(client_->Get(url).Json()["data"], created);
}

}  // namespace
}  // namespace supplyhub::testing
