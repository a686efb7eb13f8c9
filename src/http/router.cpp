#include "http/router.h"

namespace supplyhub::http {

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> placeholder;
  std::map<std::string, const Route*, std::less<>> by_method;
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

namespace {

// Calls fn(segment) for each non-empty '/'-separated segment.
template <typename Fn>
void ForEachSegment(std::string_view path, Fn&& fn) {
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') { ++i; continue; }
    size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    fn(path.substr(i, end - i));
    i = end;
  }
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  Node* node = root_.get();
  ForEachSegment(pattern, [&](std::string_view seg) {
    if (seg.size() >= 2 && seg.front() == '{' && seg.back() == '}') {
      if (!node->placeholder) node->placeholder = std::make_unique<Node>();
      node = node->placeholder.get();
    } else {
      auto& child = node->literals[std::string(seg)];
      if (!child) child = std::make_unique<Node>();
      node = child.get();
    }
  });
  auto route = std::make_unique<Route>(
      Route{static_cast<int>(routes_.size()), std::move(method), std::move(pattern), std::move(handler), std::move(options)});
  node->by_method[route->method] = route.get();
  routes_.push_back(std::move(route));
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch match;
  const Node* node = root_.get();
  ForEachSegment(path, [&](std::string_view seg) {
    if (!node) return;
    auto it = node->literals.find(seg);
    if (it != node->literals.end()) {
      node = it->second.get();
    } else if (node->placeholder) {
      match.params.push_back(seg);
      node = node->placeholder.get();
    } else {
      node = nullptr;
    }
  });
  if (!node || node->by_method.empty()) {
    match.params.clear();
    return match;
  }
  auto it = node->by_method.find(method);
  if (it != node->by_method.end()) {
    match.route = it->second;
  } else {
    for (const auto& [m, _] : node->by_method) match.allowed_methods.push_back(m);
  }
  return match;
}

}  // namespace supplyhub::http
