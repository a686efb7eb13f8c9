#pragma once
// The response envelope of seed 002, and the single error -> HTTP mapping.
//   {"status":"success","message":...,"meta":{...},"data":...}
//   {"status":"error","message":...,"error":{"code","fields","rows"},"request_id":...}
#include <string_view>

#include "core/error.h"
#include "http/request.h"

namespace supplyhub::http {

inline constexpr std::string_view kSuccessMessage = "The request was successful";

// `data_json` and `meta_json` are serialized JSON; empty meta is omitted.
Response Success(int status, std::string_view data_json, std::string_view meta_json = {});

int HttpStatus(ErrorCode code);
Response ErrorResponse(const Error& error, std::string_view request_id);

}  // namespace supplyhub::http
