#include "core/error.h"

namespace supplyhub {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest: return "bad_request";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kMethodNotAllowed: return "method_not_allowed";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kInvalidTransition: return "invalid_transition";
    case ErrorCode::kInsufficientStock: return "insufficient_stock";
    case ErrorCode::kImmutable: return "immutable";
    case ErrorCode::kIdempotencyKeyInFlight: return "idempotency_key_in_flight";
    case ErrorCode::kIdempotencyKeyReused: return "idempotency_key_reused";
    case ErrorCode::kPreconditionFailed: return "precondition_failed";
    case ErrorCode::kPayloadTooLarge: return "payload_too_large";
    case ErrorCode::kUnsupportedMediaType: return "unsupported_media_type";
    case ErrorCode::kValidation: return "validation_failed";
    case ErrorCode::kRateLimited: return "rate_limited";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

}  // namespace supplyhub
