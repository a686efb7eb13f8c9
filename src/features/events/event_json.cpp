#include "features/events/event_json.h"

namespace supplyhub::features {
namespace {

void Changed(const storage::Row& row, int column, JsonWriter& w) {
  w.Key("changed");
  if (row.IsNull(column)) w.Null();
  else w.Raw(row.Text(column));
}

}  // namespace

void WriteEvent(const storage::Row& row, JsonWriter& w, int f) {
  w.StartObject().Key("id").Int(row.Int(f)).Key("type").String(row.Text(f + 2)).Key("sequence").Int(row.Int(f + 1));
  w.Key("organization_id").Int(row.Int(f + 9)).Key("resource").String(row.Text(f + 3));
  w.Key("resource_id").Int(row.Int(f + 4)).Key("actor").Raw(row.Text(f + 5));
  w.Key("data").StartObject().Key("object").Raw(row.Text(f + 6));
  Changed(row, f + 7, w);
  w.EndObject().Key("created_at").String(row.Text(f + 8)).EndObject();
}

void WriteWebhookBody(const storage::Row& row, JsonWriter& w, int f) {
  w.StartObject().Key("type").String(row.Text(f + 2)).Key("timestamp").String(row.Text(f + 8));
  w.Key("data").StartObject().Key("id").Int(row.Int(f)).Key("sequence").Int(row.Int(f + 1));
  w.Key("organization_id").Int(row.Int(f + 9)).Key("resource").String(row.Text(f + 3));
  w.Key("resource_id").Int(row.Int(f + 4)).Key("actor").Raw(row.Text(f + 5)).Key("object").Raw(row.Text(f + 6));
  Changed(row, f + 7, w);
  w.EndObject().EndObject();
}

}  // namespace supplyhub::features
