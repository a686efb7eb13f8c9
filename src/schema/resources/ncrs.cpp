#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// Who signed which change of an NCR, when and why (never the password).
const Resource& NcrSignatures() {
  static const Resource r = [] {
    Resource s{"ncr_signatures", "ncr_signature", "An electronic signature of a change.", {}, false, 12};
    s.parent = "ncrs";
    s.parent_key = "ncr_id";
    s.fields = {
        Field::Integer("user_id").ReadOnly(),
        Field::DateTime("signed_at").ReadOnly(),
        Field::Text("reason").ReadOnly(),
        Field::String("action").ReadOnly().Describe("update, or the action signed"),
        Field::Array("changed_fields", FieldType::kString).ReadOnly(),
    };
    return s;
  }();
  return r;
}

// Seed 002 "NCRs" (non-conformance reports). When the organization requires
// it, every change carries the caller's password (and a reason): an e-signature.
const Resource& Ncrs() {
  static const Resource r = [] {
    Resource n{"ncrs", "ncr", "Non-conformance reports.", {}, false, 12};
    n.fields = {
        Field::String("ncr_number").Required().Unique().Searchable().Sortable().Filterable(),
        Field::Enum("source", {"internal", "customer", "supplier"}).Required().Filterable(),
        Field::Enum("status", {"open", "investigating", "closed"}).Default(std::string("open")).Filterable(),
        Field::String("lot_number").Searchable(),
        Field::Integer("quantity").Min(0),
        Field::Text("description").Searchable(),
        Field::Text("immediate_action"),
        Field::Boolean("is_root_cause_determined").Default(int64_t{0}),
        Field::Boolean("has_incomplete_action_items").Default(int64_t{0}),
        Field::Boolean("has_unread_notes").Default(int64_t{0}),
        Field::Reference("part_id", "parts"),
        Field::Reference("supplier_id", "suppliers"),
        Field::Integer("complaint_id").ReadOnly().Describe("The complaint that raised it"),
        ExternalId(),
    };
    n.children = {{"signatures", &NcrSignatures(), true}};
    n.inputs = {Field::String("esignature_password").Describe("The caller's own password, when e-signatures are required"),
                Field::Text("esignature_reason").Describe("Why, when reasons are required")};
    n.lifecycle.field = "status";
    n.lifecycle.actions = {
        {"investigate", "investigated", {"open"}, "investigating", "Start investigating", {}},
        {"close", "closed", {"open", "investigating"}, "closed", "Close", {}},
        {"reopen", "reopened", {"closed"}, "open", "Reopen", {}},
    };
    return n;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
