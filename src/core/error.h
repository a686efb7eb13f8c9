#pragma once
// Protocol-neutral errors. The mapping to HTTP status lives in exactly one
// place: http/error_response.cpp.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace supplyhub {

enum class ErrorCode {
  kBadRequest,            // malformed syntax: bad JSON, bad query parameter
  kUnauthenticated,
  kForbidden,
  kNotFound,
  kMethodNotAllowed,
  kConflict,              // unique key taken, state conflict
  kInvalidTransition,     // an action or status change the current state does not allow
  kInsufficientStock,     // a stock movement would leave less than nothing
  kImmutable,             // a change to what is final in the row's state (a posted payment's amount)
  kIdempotencyKeyInFlight,  // a request with the same Idempotency-Key is still being processed
  kIdempotencyKeyReused,    // the Idempotency-Key was used for a different request
  kPreconditionFailed,    // If-Match names a version the row no longer has
  kPayloadTooLarge,
  kUnsupportedMediaType,
  kValidation,            // well-formed but invalid fields
  kRateLimited,
  kUnavailable,           // shutting down, storage unavailable
  kInternal,
};

// Per-field messages: field name -> list of messages.
using FieldErrors = std::map<std::string, std::vector<std::string>>;

// One row of a bulk request that failed.
struct RowError {
  size_t index = 0;
  FieldErrors fields;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  FieldErrors fields;
  std::vector<RowError> rows;
  int retry_after_seconds = 0;  // > 0: answered with Retry-After

  static Error Of(ErrorCode c, std::string m) { return Error{c, std::move(m), {}, {}, 0}; }
};

template <typename T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error::Of(code, std::move(message)));
}
inline tl::unexpected<Error> Fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

// Stable machine-readable name of a code, used in error bodies.
const char* ErrorCodeName(ErrorCode code);

}  // namespace supplyhub
