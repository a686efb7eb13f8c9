#include "http/dispatcher.h"

#include "http/query_string.h"

#include <chrono>
#include <strings.h>

#include "core/log.h"
#include "core/request_id.h"
#include "http/envelope.h"
#include "http/metrics.h"

namespace supplyhub::http {
namespace {

bool HasBody(std::string_view method) { return method == "POST" || method == "PUT" || method == "PATCH"; }

bool IsJson(std::string_view content_type) {
  constexpr std::string_view kJson = "application/json";
  if (content_type.size() < kJson.size() || strncasecmp(content_type.data(), kJson.data(), kJson.size()) != 0)
    return false;
  std::string_view rest = content_type.substr(kJson.size());
  return rest.empty() || rest.front() == ';' || rest.front() == ' ';
}

// A client-supplied request id is kept when it is short and plain.
bool UsableRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

}  // namespace

Task<Result<Response>> Dispatcher::Run(const Route& route, RequestContext& context, Identity& identity,
                                       std::optional<RateDecision>& rate) {
  const Request& request = context.request;
  if (route.options.json_body && HasBody(request.method)) {
    std::string_view type = request.Header("Content-Type");
    bool form = route.options.form_body && IsFormContentType(type);
    if (!IsJson(type) && !form)
      co_return Fail(ErrorCode::kUnsupportedMediaType,
                     route.options.form_body ? "Content-Type must be application/json or application/x-www-form-urlencoded"
                                             : "Content-Type must be application/json");
    if (request.body.empty() && !form) co_return Fail(ErrorCode::kBadRequest, "A JSON request body is required");
  }
  if (route.options.authenticated) {
    auto who = co_await authenticator_.Authenticate(request);
    if (!who) co_return Fail(who.error());
    identity = std::move(*who);
    rate = limiter_.TryTake(identity);
    if (!rate) rate = co_await limiter_.TakeShared(identity);
    if (rate->unavailable) {  // the shared store is down and we fail closed
      Error e = Error::Of(ErrorCode::kUnavailable, "The rate-limit store is unavailable; try again shortly");
      e.retry_after_seconds = static_cast<int>(rate->retry_after_seconds);
      co_return Fail(std::move(e));
    }
    if (!rate->allowed) {
      Error e = Error::Of(ErrorCode::kRateLimited, "Rate limit of " + std::to_string(rate->policy.capacity) +
                                                       " requests exceeded for this organization; retry in " +
                                                       std::to_string(rate->retry_after_seconds) + " s");
      e.retry_after_seconds = static_cast<int>(rate->retry_after_seconds);
      co_return Fail(std::move(e));
    }
    if (!route.options.scope.empty() && !identity.Allows(route.options.scope))
      co_return Fail(ErrorCode::kForbidden, "This token or role does not grant the scope " + route.options.scope);
    context.identity = &identity;
    context.org_id = identity.org_id;
  }
  co_return co_await route.handler(context);
}

Task<Response> Dispatcher::Handle(Request& request) {
  auto started = std::chrono::steady_clock::now();
  std::string_view incoming_id = request.Header("X-Request-Id");
  request.request_id = UsableRequestId(incoming_id) ? std::string(incoming_id) : NewRequestId();

  RouteMatch match = router_.Match(request.method, request.path);
  Response response;
  if (match.route) {
    RequestContext context{request, std::move(match.params), 0, nullptr};
    Identity identity;
    std::optional<RateDecision> rate;
    Result<Response> result = co_await Run(*match.route, context, identity, rate);
    if (result) {
      response = std::move(*result);
    } else {
      response = ErrorResponse(result.error(), request.request_id);
      if (result.error().code == ErrorCode::kUnauthenticated)
        response.AddHeader("WWW-Authenticate", "Bearer realm=\"supplyhub\"");
    }
    if (rate) RateLimiter::AddHeaders(*rate, response);
    if (match.route->options.no_store) response.AddHeader("Cache-Control", "no-store");
  } else if (!match.allowed_methods.empty()) {
    std::string allow;
    for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
    response = ErrorResponse(Error::Of(ErrorCode::kMethodNotAllowed, "Method " + std::string(request.method) +
                                                                         " is not allowed here; allowed: " + allow),
                             request.request_id);
    response.AddHeader("Allow", allow);
  } else {
    response = ErrorResponse(
        Error::Of(ErrorCode::kNotFound, "No route for " + std::string(request.method) + " " + std::string(request.path)),
        request.request_id);
  }
  response.AddHeader("X-Request-Id", request.request_id);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  Metrics::Record(match.route ? match.route->id : -1, response.status, seconds);
  if (access_log_) {
    log::Info("request", {{"request_id", request.request_id}, {"method", request.method}, {"path", request.path},
                          {"status", std::to_string(response.status)},
                          {"ms", std::to_string(static_cast<int64_t>(seconds * 1e6) / 1000.0)}});
  }
  co_return response;
}

}  // namespace supplyhub::http
