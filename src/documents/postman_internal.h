#pragma once
// Internal to the Postman collection: the collection as data (postman.cpp
// builds it, postman_json.cpp writes it) and the order of a resource's
// actions (postman_walks.cpp).
#include <string>
#include <string_view>
#include <vector>

#include "schema/resource.h"

namespace supplyhub::documents::detail {

// ---- The collection as data, written out at the end ----

struct Request {
  std::string name;
  std::string method;
  std::string path;  // below {{baseUrl}}: "/v1/parts/{{part_id}}"
  std::string body;  // raw JSON; empty: none
  std::string description;
  std::vector<std::string> tests;
  bool open = false;  // sent without the collection's bearer token
};

struct Folder {
  std::string name, description;
  std::vector<Request> requests;
};

// Writes the collection (format v2.1): its info, bearer auth, the check
// every request runs, the variables (the fixed ones, then `variables`, each
// set by a create) and the folders in order.
std::string WriteCollection(const std::vector<Folder>& folders, const std::vector<std::string>& variables,
                            std::string_view version, std::string_view base_url);

// ---- Actions in an order their lifecycle allows ----

struct Step {
  const schema::Action* action;
  bool setup;  // repeated to reach a state: not the action's own request
};

// Every action once, in walks: each walk runs on a row created in the
// initial state. The first runs on the folder's own row; when other tables
// reference that row it must stay usable, so that walk does not end in a
// state no action leaves (orders: allocate there, close and cancel on rows
// of their own). A later walk first repeats, as set-up, the fewest actions
// that reach a state its next action starts from (a purchase order is
// confirmed again before it is closed). Actions no walk can reach end the
// last walk, where the run shows them failing.
std::vector<std::vector<Step>> ActionWalks(const schema::Resource& r);

// The fewest actions that take a new row to a state no lock keeps from
// deletion (a posted payment is voided first); empty when it starts in one.
std::vector<const schema::Action*> PathToDeletable(const schema::Resource& r);

}  // namespace supplyhub::documents::detail
