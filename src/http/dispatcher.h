#pragma once
// The request pipeline: route -> content-type -> authentication (identity
// and organization) -> scope -> handler -> error mapping -> request id and
// metrics. Transport-free: the Beast session
// hands it a Request and writes back what it returns.
#include <optional>

#include "core/task.h"
#include "http/rate_limiter.h"
#include "http/request.h"
#include "http/router.h"

namespace supplyhub::http {

// Turns a request's credentials into an Identity, or kUnauthenticated.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  virtual Task<Result<Identity>> Authenticate(const Request& request) = 0;
};

class Dispatcher {
 public:
  Dispatcher(const Router& router, Authenticator& authenticator, RateLimiter& limiter, bool access_log = false)
      : router_(router), authenticator_(authenticator), limiter_(limiter), access_log_(access_log) {}

  Task<Response> Handle(Request& request);

 private:
  Task<Result<Response>> Run(const Route& route, RequestContext& context, Identity& identity,
                             std::optional<RateDecision>& rate);

  const Router& router_;
  Authenticator& authenticator_;
  RateLimiter& limiter_;
  const bool access_log_;  // one JSON line per request (path only: queries may carry codes)
};

}  // namespace supplyhub::http
