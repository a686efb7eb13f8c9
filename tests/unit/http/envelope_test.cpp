#include "http/envelope.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace supplyhub::http {
namespace {

using nlohmann::json;

json Body(const Response& r) {
  json doc = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(doc.is_discarded()) << r.body;
  return doc;
}

TEST(EnvelopeTest, HttpStatusForEveryErrorCode) {
  const std::vector<std::pair<ErrorCode, int>> expected = {
      {ErrorCode::kBadRequest, 400},         {ErrorCode::kUnauthenticated, 401}, {ErrorCode::kForbidden, 403},
      {ErrorCode::kNotFound, 404},           {ErrorCode::kMethodNotAllowed, 405}, {ErrorCode::kConflict, 409},
      {ErrorCode::kPayloadTooLarge, 413},    {ErrorCode::kUnsupportedMediaType, 415},
      {ErrorCode::kValidation, 422},         {ErrorCode::kRateLimited, 429},     {ErrorCode::kUnavailable, 503},
      {ErrorCode::kInternal, 500},           {ErrorCode::kIdempotencyKeyInFlight, 409},
      {ErrorCode::kIdempotencyKeyReused, 422}, {ErrorCode::kPreconditionFailed, 412},
  };
  for (const auto& [code, status] : expected) EXPECT_EQ(HttpStatus(code), status) << ErrorCodeName(code);
}

TEST(EnvelopeTest, ErrorResponseShape) {
  Response r = ErrorResponse(Error::Of(ErrorCode::kNotFound, "No part with id 5"), "req-1");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body,
            R"({"status":"error","message":"No part with id 5","error":{"code":"not_found"},"request_id":"req-1"})");
  json doc = Body(r);
  EXPECT_FALSE(doc["error"].contains("fields"));
  EXPECT_FALSE(doc["error"].contains("rows"));
}

TEST(EnvelopeTest, ErrorResponseWithFields) {
  Error e = Error::Of(ErrorCode::kValidation, "The request has invalid fields");
  e.fields["name"] = {"is required"};
  e.fields["unit_type"] = {"must be one of: Volume Mass Length", "second \"message\""};
  Response r = ErrorResponse(e, "abc");
  EXPECT_EQ(r.status, 422);
  json doc = Body(r);
  EXPECT_EQ(doc["status"], "error");
  EXPECT_EQ(doc["message"], "The request has invalid fields");
  EXPECT_EQ(doc["request_id"], "abc");
  EXPECT_EQ(doc["error"]["code"], "validation_failed");
  EXPECT_EQ(doc["error"]["fields"]["name"], json::array({"is required"}));
  EXPECT_EQ(doc["error"]["fields"]["unit_type"], json::array({"must be one of: Volume Mass Length", "second \"message\""}));
  EXPECT_FALSE(doc["error"].contains("rows"));
  EXPECT_EQ(doc.size(), 4u);
}

TEST(EnvelopeTest, ErrorResponseWithRows) {
  Error e = Error::Of(ErrorCode::kValidation, "2 of 3 rows are invalid; nothing was written");
  e.rows.push_back(RowError{0, {{"name", {"is required"}}}});
  e.rows.push_back(RowError{2, {{"density", {"must be a number"}}, {"colour", {"is not a field of part"}}}});
  json doc = Body(ErrorResponse(e, "r"));
  ASSERT_TRUE(doc["error"]["rows"].is_array());
  ASSERT_EQ(doc["error"]["rows"].size(), 2u);
  EXPECT_EQ(doc["error"]["rows"][0]["index"], 0);
  EXPECT_EQ(doc["error"]["rows"][0]["fields"]["name"][0], "is required");
  EXPECT_EQ(doc["error"]["rows"][1]["index"], 2);
  EXPECT_EQ(doc["error"]["rows"][1]["fields"]["colour"][0], "is not a field of part");
  EXPECT_EQ(doc["error"]["rows"][1]["fields"]["density"][0], "must be a number");
  EXPECT_FALSE(doc["error"].contains("fields"));
}

TEST(EnvelopeTest, MessagesAreEscaped) {
  Response r = ErrorResponse(Error::Of(ErrorCode::kBadRequest, "bad \"quote\"\nand \\ slash"), "id\"1");
  json doc = Body(r);
  EXPECT_EQ(doc["message"], "bad \"quote\"\nand \\ slash");
  EXPECT_EQ(doc["request_id"], "id\"1");
}

TEST(EnvelopeTest, InternalErrorsHideTheirMessage) {
  ::testing::internal::CaptureStderr();
  Response r = ErrorResponse(Error::Of(ErrorCode::kInternal, "sqlite: disk I/O error at /secret/path"), "req-9");
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(r.status, 500);
  json doc = Body(r);
  EXPECT_EQ(doc["message"], "Internal server error");
  EXPECT_EQ(doc["error"]["code"], "internal");
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
  EXPECT_NE(log.find("/secret/path"), std::string::npos) << "the detail belongs in the log: " << log;
  EXPECT_NE(log.find("req-9"), std::string::npos);
}

TEST(EnvelopeTest, EveryErrorCodeNameAppearsInTheBody) {
  for (ErrorCode code : {ErrorCode::kUnauthenticated, ErrorCode::kForbidden, ErrorCode::kMethodNotAllowed,
                         ErrorCode::kConflict, ErrorCode::kPayloadTooLarge, ErrorCode::kUnsupportedMediaType,
                         ErrorCode::kRateLimited, ErrorCode::kUnavailable, ErrorCode::kIdempotencyKeyInFlight,
                         ErrorCode::kIdempotencyKeyReused, ErrorCode::kPreconditionFailed}) {
    Response r = ErrorResponse(Error::Of(code, "m"), "x");
    json doc = Body(r);
    EXPECT_EQ(r.status, HttpStatus(code));
    EXPECT_EQ(doc["error"]["code"], ErrorCodeName(code));
    EXPECT_EQ(doc["message"], "m");
  }
}

TEST(EnvelopeTest, SuccessWithoutMeta) {
  Response r = Success(201, R"({"id":1,"name":"x"})");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, R"({"status":"success","message":"The request was successful","data":{"id":1,"name":"x"}})");
  json doc = Body(r);
  EXPECT_FALSE(doc.contains("meta"));
  EXPECT_EQ(doc["data"]["id"], 1);
}

TEST(EnvelopeTest, SuccessWithMeta) {
  Response r = Success(200, "[1,2]", R"({"current_page":1,"total":2})");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            R"({"status":"success","message":"The request was successful","meta":{"current_page":1,"total":2},"data":[1,2]})");
  json doc = Body(r);
  EXPECT_EQ(doc["meta"]["total"], 2);
  EXPECT_EQ(doc["data"], json::array({1, 2}));
  EXPECT_EQ(doc["message"], std::string(kSuccessMessage));
}

}  // namespace
}  // namespace supplyhub::http
