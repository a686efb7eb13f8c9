#pragma once
// A resource declared once. Its table, validation, routes, filters, children,
// lifecycle and OpenAPI schema are all derived from this declaration. Only
// the logic of actions and computed fields is code (features/domain/), bound
// to a declaration by the resource's and action's names.
#include <span>
#include <string>
#include <vector>

#include "schema/field.h"

namespace supplyhub::schema {

// A business action: POST /v1/<resource>/{id}/<name>, one write transaction.
struct Action {
  std::string name;               // "start"
  std::string past_tense;         // "started": event <singular>.<past_tense>
  std::vector<std::string> from;  // states it may start from (empty: any)
  std::string to;                 // state it ends in (empty: unchanged)
  std::string summary;
  std::vector<Field> inputs;      // its request body
  std::string method = "POST";    // PUT for a seed's idempotent ones (PUT /v1/inventory/{id}/locations)
};

// States live in an enum field; only actions move between them. A status
// sent by PUT/PATCH runs the action whose transition matches.
struct Lifecycle {
  std::string field;              // "status"; empty: no lifecycle
  std::vector<Action> actions;
  // A boolean that mirrors one state (seed 002's "is_closed": 0/1): setting
  // it asks for `flag_state` (or the initial state when cleared).
  std::string flag_field;
  std::string flag_state;
};

// Parts of a row that are final in some states: a posted payment's invoice,
// amount and currency; an issued invoice's currency and lines. The write path
// (RowWriter) refuses to change them there on every path a client writes
// through — PUT, PATCH, bulk and child routes alike — with 409 `immutable`
// naming `rule`; a value sent unchanged (a GET echoed back) is accepted. The
// server's own writes (actions, computed fields) are not client changes and
// still move them: voiding a payment restores the invoice's balance.
struct Lock {
  std::vector<std::string> states;   // the states it holds in
  std::vector<std::string> members;  // fields and child collections it freezes
  bool row = false;                  // DELETE is refused as well
  std::string rule;                  // what the 409 says: the rule and what to do instead
};

struct Resource;

// A child collection: its own table (parent key, cascade delete), embedded in
// the parent's JSON under `name` and routed below the parent.
struct Child {
  std::string name;               // "samples": JSON key and URL segment
  const Resource* resource;       // the child's declaration
  bool read_only = false;         // written only by the server (e.g. signatures)
};

struct Resource {
  Resource() = default;
  Resource(std::string n, std::string s, std::string d, std::vector<Field> f = {}, bool b = false, int since_version = 2)
      : name(std::move(n)), singular(std::move(s)), description(std::move(d)), fields(std::move(f)), bulk(b),
        since(since_version) {}

  std::string name;         // plural: URL segment, table name, scope suffix ("parts")
  std::string singular;     // "part": event names, messages
  std::string description;
  std::vector<Field> fields;
  bool bulk = false;        // POST/PUT /v1/<name>/bulk
  int since = 2;            // schema version that created its table

  std::vector<Child> children;
  std::string parent;       // a child's parent resource ("inspections")
  std::string parent_key;   // its column naming the parent ("inspection_id")

  Lifecycle lifecycle;
  // What becomes final in which states (see Lock).
  std::vector<Lock> locks;
  // Accepted with a write but never stored (e.g. an e-signature password).
  std::vector<Field> inputs;
  // Unique per organization together (one inventory row per item and location).
  std::vector<std::vector<std::string>> unique_together;
  // Exactly one field of each group is set (stock is of a part or of a SKU).
  std::vector<std::vector<std::string>> exactly_one;
  size_t max_children = 1000;  // rows per parent, for child declarations
  bool immutable = false;      // created, never updated or deleted (a stock operation is a fact)
  bool form_bodies = false;    // writes also take application/x-www-form-urlencoded (seed 002's shipments)
  // Seed 002's list filters ?dateRange=true&fromDate=&toDate= apply to this date field.
  std::string date_range_field;
  // Also served at the root (/skus): seed 003's client calls it there.
  bool root_alias = false;

  // Index of the field called `field_name` or one of its aliases, or -1.
  int FieldIndex(std::string_view field_name) const;
  int InputIndex(std::string_view input_name) const;
  int ChildIndex(std::string_view child_name) const;
  const Action* FindAction(std::string_view action_name) const;
  // The action moving `from` to `to`, or null.
  const Action* TransitionTo(std::string_view from, std::string_view to) const;
  bool IsChild() const { return !parent.empty(); }
  // The lock that freezes `member` (a field or child name) in `state`, or
  // null; with `member` empty, the lock that keeps the row from deletion.
  const Lock* LockOn(std::string_view state, std::string_view member) const;
};

}  // namespace supplyhub::schema
