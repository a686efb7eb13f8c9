#include "features/events/actor.h"

#include "core/json_writer.h"

namespace supplyhub::features {

std::string ActorJson(const http::Identity* who) {
  if (!who) return "null";
  JsonWriter w(96);
  w.StartObject();
  if (who->client_id) w.Key("type").String("partner_app").Key("id").Int(who->client_id);
  else if (who->bound_to_organization) w.Key("type").String("api_token").Key("id").Int(who->token_id);
  else w.Key("type").String("user").Key("id").Int(who->user_id);
  w.Key("user_id").Int(who->user_id).EndObject();
  return w.Take();
}

}  // namespace supplyhub::features
