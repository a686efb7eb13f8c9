// The outbox and GET /v1/events: every change of a declared resource is an
// event written in its transaction, numbered per organization.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "features/events/outbox.h"
#include "storage/block_on.h"
#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

using nlohmann::json;

class EventsTest : public ServerTest {
 protected:
  json Create(const std::string& resource, const json& body) {
    auto r = client_->Post("/v1/" + resource, body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json()["data"];
  }
  json Events(const std::string& query = "", const Headers& headers = {}) {
    auto r = client_->Get("/v1/events" + query, headers);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  }
  std::vector<std::string> Types(const json& page) {
    std::vector<std::string> out;
    for (const auto& e : page["data"]) out.push_back(e["type"]);
    return out;
  }
};

TEST_F(EventsTest, CreateUpdateActionAndDeleteEachWriteOneEventInOrder) {
  json car = Create("cars", {{"car_number", "C-1"}});
  std::string url = "/v1/cars/" + std::to_string(car["id"].get<int64_t>());
  ASSERT_EQ(client_->Patch(url, R"({"root_cause":"torque"})").status, 200);
  ASSERT_EQ(client_->Post(url + "/start", "{}").status, 200);
  ASSERT_EQ(client_->Delete(url).status, 200);

  json page = Events();
  EXPECT_EQ(Types(page), (std::vector<std::string>{"car.created", "car.updated", "car.started", "car.deleted"}));
  const json& events = page["data"];
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i]["sequence"], i + 1);
    EXPECT_EQ(events[i]["organization_id"], org_id_);
    EXPECT_EQ(events[i]["resource"], "cars");
    EXPECT_EQ(events[i]["resource_id"], car["id"]);
    EXPECT_EQ(events[i]["actor"]["type"], "user");
  }
  EXPECT_EQ(events[0]["data"]["object"]["car_number"], "C-1");
  EXPECT_TRUE(events[0]["data"]["changed"].is_null());
  EXPECT_EQ(events[1]["data"]["changed"], json::array({"root_cause"}));
  EXPECT_EQ(events[1]["data"]["object"]["root_cause"], "torque");  // the row after the change
  EXPECT_EQ(events[2]["data"]["object"]["status"], "in_progress");
  EXPECT_EQ(events[3]["data"]["object"]["root_cause"], "torque");  // a delete carries the row as it was
  EXPECT_TRUE(page["meta"]["next_cursor"].is_null());
}

TEST_F(EventsTest, AWriteThatRollsBackLeavesNoEvent) {
  // The second row's unique identification fails inside the transaction, after the first was inserted.
  json rows = json::array({{{"name", "A"}, {"identification", "DUP"}}, {{"name", "B"}, {"identification", "DUP"}}});
  auto r = client_->Post("/v1/parts/bulk", rows.dump());
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(Events()["data"].size(), 0u);
  json part = Create("parts", {{"name", "A"}, {"identification", "P1"}});
  auto conflict = client_->Post("/v1/parts", json{{"name", "B"}, {"identification", "P1"}}.dump());
  EXPECT_EQ(conflict.status, 409);
  json page = Events();
  ASSERT_EQ(page["data"].size(), 1u);
  EXPECT_EQ(page["data"][0]["sequence"], 1);  // numbers are not used up by a rollback
  EXPECT_EQ(page["data"][0]["resource_id"], part["id"]);
}

TEST_F(EventsTest, SideEffectsOfAnActionAreEventsOfTheirOwnRows) {
  json bulk = client_->Post("/v1/parts/bulk", json::array({{{"name", "A"}, {"identification", "A1"}},
                                                            {{"name", "B"}, {"identification", "B1"}}}).dump()).Json();
  ASSERT_EQ(bulk["data"].size(), 2u);
  json page = Events("?type=part.created");
  ASSERT_EQ(page["data"].size(), 2u);  // a bulk create is one event per row
  json part = bulk["data"][0];
  json ri = Create("receiving_inspections", {{"items", {{{"part_id", part["id"]}, {"quantity_accepted", 4}}}}});
  std::string url = "/v1/receiving_inspections/" + std::to_string(ri["id"].get<int64_t>()) + "/close";
  ASSERT_EQ(client_->Post(url, "{}").status, 200);
  auto types = Types(Events("?type=receiving_inspection.*,inventory.*,location.*"));
  EXPECT_NE(std::find(types.begin(), types.end(), "receiving_inspection.closed"), types.end());
  EXPECT_NE(std::find(types.begin(), types.end(), "inventory.created"), types.end());  // stock arrived
}

TEST_F(EventsTest, FiltersAndCursorPages) {
  for (int i = 0; i < 5; ++i) Create("suppliers", {{"name", "S" + std::to_string(i)}});
  json part = Create("parts", {{"name", "A"}, {"identification", "P1"}});
  EXPECT_EQ(Events("?type=supplier.*")["data"].size(), 5u);
  EXPECT_EQ(Events("?type=part.created")["data"].size(), 1u);
  EXPECT_EQ(Events("?type=*")["data"].size(), 6u);
  EXPECT_EQ(Events("?resource=parts&resource_id=" + std::to_string(part["id"].get<int64_t>()))["data"].size(), 1u);
  EXPECT_EQ(Events("?since=2000-01-01T00:00:00Z")["data"].size(), 6u);
  EXPECT_EQ(Events("?since=2999-01-01T00:00:00Z")["data"].size(), 0u);

  std::vector<int64_t> seen;
  std::string after;
  for (int pages = 0; pages < 10; ++pages) {
    json page = Events("?per_page=4&after=" + after);
    for (const auto& e : page["data"]) seen.push_back(e["sequence"]);
    if (page["meta"]["next_cursor"].is_null()) break;
    after = page["meta"]["next_cursor"];
  }
  EXPECT_EQ(seen, (std::vector<int64_t>{1, 2, 3, 4, 5, 6}));
  // A poller resumes after the last event it saw, also from the last page
  // (meta.resume_cursor); events committed later follow it.
  json first = Events("?per_page=6");
  EXPECT_TRUE(first["meta"]["next_cursor"].is_null());
  Create("suppliers", {{"name", "late"}});
  json rest = Events("?per_page=6&after=" + first["meta"]["resume_cursor"].get<std::string>());
  ASSERT_EQ(rest["data"].size(), 1u);
  EXPECT_EQ(rest["data"][0]["sequence"], 7);

  auto one = client_->Get("/v1/events/" + std::to_string(rest["data"][0]["id"].get<int64_t>()));
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.Json()["data"]["type"], "supplier.created");
}

TEST_F(EventsTest, BadQueriesAre400AndNameTheProblem) {
  for (std::string q : {"?type=nothing.created", "?type=part.exploded", "?type=", "?resource=nothing",
                        "?resource_id=abc", "?since=yesterday", "?after=not-a-cursor", "?per_page=0",
                        "?per_page=501", "?colour=red"}) {
    auto r = client_->Get("/v1/events" + q);
    EXPECT_EQ(r.status, 400) << q << " " << r.body;
  }
  EXPECT_EQ(client_->Get("/v1/events/999999").status, 404);
  EXPECT_EQ(client_->Get("/v1/events/abc").status, 404);
}

TEST_F(EventsTest, NoOrganizationSeesAnotherOrganizationsEvents) {
  Create("suppliers", {{"name", "Ours"}});
  Headers other = OtherOrganization();
  ASSERT_EQ(client_->Post("/v1/suppliers", R"({"name":"Theirs"})", other).status, 201);
  json ours = Events(), theirs = Events("", other);
  ASSERT_EQ(ours["data"].size(), 1u);
  ASSERT_EQ(theirs["data"].size(), 1u);
  EXPECT_EQ(ours["data"][0]["data"]["object"]["name"], "Ours");
  EXPECT_EQ(theirs["data"][0]["data"]["object"]["name"], "Theirs");
  EXPECT_EQ(theirs["data"][0]["sequence"], 1);  // numbered per organization
  auto id = std::to_string(ours["data"][0]["id"].get<int64_t>());
  EXPECT_EQ(client_->Get("/v1/events/" + id, other).status, 404);
}

TEST_F(EventsTest, EventsNeedTheReadEventsScopeAndNameTheApiToken) {
  auto token = client_->Post("/v1/tokens", R"({"name":"parts only","scope":{"custom":["read:parts","write:suppliers"]}})");
  ASSERT_EQ(token.status, 201) << token.body;
  Headers parts_only = Bearer(token.Json()["data"]["token"]);
  EXPECT_EQ(client_->Get("/v1/events", parts_only).status, 403);
  ASSERT_EQ(client_->Post("/v1/suppliers", R"({"name":"By token"})", parts_only).status, 201);
  json page = Events();
  ASSERT_EQ(page["data"].size(), 1u);
  EXPECT_EQ(page["data"][0]["actor"]["type"], "api_token");
  auto reader = client_->Post("/v1/tokens", R"({"name":"events","scope":{"custom":["read:events"]}})");
  ASSERT_EQ(reader.status, 201) << reader.body;
  EXPECT_EQ(client_->Get("/v1/events", Bearer(reader.Json()["data"]["token"])).status, 200);
}

// An event carries its whole row: read:events shows only the events of
// resources the token may also read, in the list and by id.
TEST_F(EventsTest, EventsAreVisibleOnlyWithTheReadScopeOfTheirResource) {
  json part = Create("parts", {{"name", "Visible"}, {"identification", "V-1"}});
  json customer = Create("customers", {{"name", "Hidden customer"}});
  json all = Events("?resource=customers");
  ASSERT_EQ(all["data"].size(), 1u);
  const std::string customer_event = std::to_string(all["data"][0]["id"].get<int64_t>());
  auto token = client_->Post("/v1/tokens", R"({"name":"parts events","scope":{"custom":["read:events","read:parts"]}})");
  ASSERT_EQ(token.status, 201) << token.body;
  Headers limited = Bearer(token.Json()["data"]["token"]);
  json seen = Events("", limited);
  ASSERT_EQ(seen["data"].size(), 1u) << seen.dump();
  EXPECT_EQ(seen["data"][0]["type"], "part.created");
  EXPECT_TRUE(Events("?resource=customers", limited)["data"].empty());
  EXPECT_EQ(client_->Get("/v1/events/" + customer_event, limited).status, 404);
  EXPECT_EQ(client_->Get("/v1/events/" + customer_event).status, 200);  // the owner reads it
  auto none = client_->Post("/v1/tokens", R"({"name":"events only","scope":{"custom":["read:events"]}})");
  EXPECT_TRUE(Events("", Bearer(none.Json()["data"]["token"]))["data"].empty());
}

// An endpoint receives whole rows: a token subscribes only to what it may read.
class EventScopeTest : public EventsTest {
  void Configure(Config& c) override { c.webhooks_allow_private = true; }  // a local URL
};

TEST_F(EventScopeTest, AWebhookSubscriptionIsLimitedToWhatItsCreatorMayRead) {
  auto make = [&](const std::string& scopes) {
    auto t = client_->Post("/v1/tokens", R"({"name":"hooks","scope":{"custom":[)" + scopes + "]}}");
    EXPECT_EQ(t.status, 201) << t.body;
    return Bearer(t.Json()["data"]["token"]);
  };
  Headers hooks_only = make(R"("write:webhooks")"), parts = make(R"("write:webhooks","read:parts")");
  auto subscribe = [&](const Headers& h, const std::string& types) {
    std::string body = R"({"url":"http://127.0.0.1:9/hook")" + (types.empty() ? "" : R"(,"event_types":)" + types) + "}";
    return client_->Post("/v1/webhook_endpoints", body, h);
  };
  auto every = subscribe(hooks_only, "");  // no event_types: "*"
  EXPECT_EQ(every.status, 403) << every.body;
  EXPECT_NE(every.body.find("read:"), std::string::npos) << every.body;
  EXPECT_EQ(subscribe(hooks_only, R"(["part.*"])").status, 403);
  EXPECT_EQ(subscribe(parts, R"(["*"])").status, 403);
  EXPECT_EQ(subscribe(parts, R"(["invoice.created"])").status, 403);
  auto ok = subscribe(parts, R"(["part.*"])");
  ASSERT_EQ(ok.status, 201) << ok.body;
  const std::string url = "/v1/webhook_endpoints/" + std::to_string(ok.Json()["data"]["id"].get<int64_t>());
  EXPECT_EQ(client_->Patch(url, R"({"event_types":["customer.*"]})", parts).status, 403);
  EXPECT_EQ(client_->Patch(url, R"({"description":"still parts"})", parts).status, 200);
  EXPECT_EQ(client_->Get("/v1/webhook_endpoints").Json()["data"].size(), 1u);
}

// events.purge (hourly) keeps --events-retention-days: older events go, with their messages.
TEST_F(EventsTest, ThePurgeDeletesOnlyEventsOlderThanTheRetention) {
  Create("suppliers", {{"name", "First"}});
  Create("suppliers", {{"name", "Second"}});
  ASSERT_TRUE(storage::BlockOn(features::PurgeOldEvents(app_->database(), NowUnixSeconds() - 86400)));
  EXPECT_EQ(Events()["data"].size(), 2u);  // a day old at most: kept
  ASSERT_TRUE(storage::BlockOn(features::PurgeOldEvents(app_->database(), NowUnixSeconds() + 1)));
  json page = Events();
  ASSERT_EQ(page["data"].size(), 1u);  // an organization's newest event stays: numbering goes on from it
  EXPECT_EQ(page["data"][0]["sequence"], 2);
  Create("suppliers", {{"name", "After"}});
  page = Events();
  ASSERT_EQ(page["data"].size(), 2u);
  EXPECT_EQ(page["data"][1]["sequence"], 3);
}

TEST_F(EventsTest, TheCatalogueIsServedAndPublishedAsOpenApiWebhooks) {
  auto types = client_->Get("/v1/event_types");
  ASSERT_EQ(types.status, 200);
  bool shipped = false;
  json catalogue = types.Json();
  for (const auto& t : catalogue["data"]) shipped = shipped || t["type"] == "pick_ticket.shipped";
  EXPECT_TRUE(shipped);
  json doc = client_->Get("/v1/openapi.json").Json();
  ASSERT_TRUE(doc.contains("webhooks"));
  const json& hook = doc["webhooks"]["pick_ticket.shipped"]["post"];
  EXPECT_EQ(hook["requestBody"]["content"]["application/json"]["schema"]["properties"]["data"]["properties"]["object"]["$ref"],
            "#/components/schemas/PickTicket");
  EXPECT_TRUE(doc["webhooks"].contains("part.deleted"));
  EXPECT_TRUE(doc["webhooks"].contains("webhook_endpoint.disabled"));
}

}  // namespace
}  // namespace supplyhub::testing
