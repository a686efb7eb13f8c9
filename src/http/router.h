#pragma once
// Method + path routing over a segment trie. Patterns look like
// "/v1/parts/{id}"; literal segments win over placeholders.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/handler.h"

namespace supplyhub::http {

struct Route {
  int id = 0;
  std::string method;
  std::string pattern;
  Handler handler;
  RouteOptions options;
};

struct RouteMatch {
  const Route* route = nullptr;             // null: no route for this method
  std::vector<std::string_view> params;
  std::vector<std::string> allowed_methods; // when the path exists for other methods
};

class Router {
 public:
  Router();
  ~Router();
  void Add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  RouteMatch Match(std::string_view method, std::string_view path) const;
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  struct Node;
  std::unique_ptr<Node> root_;
  std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace supplyhub::http
