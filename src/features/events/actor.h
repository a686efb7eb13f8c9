#pragma once
// Who made a change, as events name it: {"type":"user"|"api_token"|"partner_app", ...}.
#include <string>

#include "http/handler.h"

namespace supplyhub::features {

std::string ActorJson(const http::Identity* who);

}  // namespace supplyhub::features
