#pragma once
// The request pipeline: route -> content-type -> organization -> handler ->
// error mapping -> request id and metrics. Transport-free: the Beast session
// hands it a Request and writes back what it returns.
#include "core/task.h"
#include "http/request.h"
#include "http/router.h"

namespace supplyhub::http {

// Decides which organization a request acts in (auth builds on this).
class OrganizationResolver {
 public:
  virtual ~OrganizationResolver() = default;
  virtual Task<Result<int64_t>> Resolve(const Request& request) = 0;
};

class Dispatcher {
 public:
  Dispatcher(const Router& router, OrganizationResolver& organizations)
      : router_(router), organizations_(organizations) {}

  Task<Response> Handle(Request& request);

 private:
  Task<Result<Response>> Run(const Route& route, RequestContext& context);

  const Router& router_;
  OrganizationResolver& organizations_;
};

}  // namespace supplyhub::http
