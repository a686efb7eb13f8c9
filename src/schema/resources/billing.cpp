#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// A line of an invoice; its amount is quantity x unit_price.
const Resource& InvoiceLines() {
  static const Resource r = [] {
    Resource s{"invoice_lines", "invoice_line", "A line of an invoice.", {}, false, 13};
    s.parent = "invoices";
    s.parent_key = "invoice_id";
    s.fields = {
        Field::String("description"),
        Field::Reference("sku_id", "skus"),
        Field::Reference("part_id", "parts"),
        Field::Decimal("quantity").Required().Min(0),
        Field::Decimal("unit_price").Required().Min(0).Describe("In the invoice's currency"),
    };
    s.max_children = 500;
    return s;
  }();
  return r;
}

// An invoice: total from its lines, balance = total - paid (payments and
// credit notes applied). draft -> open -> partially_paid -> paid; void.
const Resource& Invoices() {
  static const Resource r = [] {
    Resource i{"invoices", "invoice", "Invoices to customers.", {}, false, 13};
    i.fields = {
        Field::String("invoice_number").Required().Unique().Searchable().Sortable().Filterable(),
        Field::Reference("order_id", "orders"),
        Field::Reference("contact_id", "customers"),
        Currency(),
        Field::Money("total").ReadOnly().Describe("Sum of the lines, rounded half up to the currency"),
        Field::Money("amount_paid").ReadOnly().Describe("Payments and credit notes applied"),
        Field::Money("balance").ReadOnly().Describe("total - amount_paid"),
        Field::Date("due_date").Sortable(),
        Field::Enum("status", {"draft", "open", "partially_paid", "paid", "void"})
            .Default(std::string("draft"))
            .Filterable(),
        ExternalId(),
    };
    i.children = {{"lines", &InvoiceLines()}};
    i.root_alias = true;
    i.lifecycle.field = "status";
    i.lifecycle.actions = {
        {"issue", "issued", {"draft"}, "open", "Issue: it can be paid from now on", {}},
        {"void", "voided", {"draft", "open"}, "void", "Void (only while nothing is paid)", {}},
    };
    return i;
  }();
  return r;
}

// A payment posted against an invoice: it lowers the balance and moves the
// invoice's status; what exceeds the balance becomes a credit note. `void`
// reverses it.
const Resource& Payments() {
  static const Resource r = [] {
    Resource p{"payments", "payment", "Payments received against invoices.", {}, false, 13};
    p.fields = {
        Field::Reference("invoice_id", "invoices").Required(),
        Field::Money("amount").Required().Min(0),
        Currency(),
        Field::Enum("method", {"bank_transfer", "card", "cash", "check", "other"}).Default(std::string("bank_transfer")),
        Field::String("reference").Searchable().Filterable(),
        Field::DateTime("received_at").Sortable(),
        Field::Money("applied").ReadOnly().Describe("The part that went to the invoice"),
        Field::Reference("credit_note_id", "credit_notes").ReadOnly().Describe("The credit note for an overpayment"),
        Field::Enum("status", {"posted", "voided"}).Default(std::string("posted")).Filterable(),
        ExternalId(),
    };
    p.root_alias = true;
    p.lifecycle.field = "status";
    p.lifecycle.actions = {{"void", "voided", {"posted"}, "voided", "Void: the invoice's balance is restored", {}}};
    return p;
  }();
  return r;
}

// Credit a customer holds (e.g. an overpayment's excess); `apply` pays an
// open invoice with it.
const Resource& CreditNotes() {
  static const Resource r = [] {
    Resource c{"credit_notes", "credit_note", "Credit held by customers.", {}, false, 13};
    c.fields = {
        Field::Reference("contact_id", "customers"),
        Currency(),
        Field::Money("amount").Required().Min(0),
        Field::Money("remaining").ReadOnly(),
        Field::Integer("source_payment_id").ReadOnly().Describe("The overpayment it came from"),
        Field::Integer("source_invoice_id").ReadOnly(),
        Field::Text("reason"),
        Field::Enum("status", {"open", "applied", "void"}).Default(std::string("open")).Filterable(),
        ExternalId(),
    };
    Field invoice = Field::Reference("invoice_id", "invoices").Required().Describe("An open invoice of the same currency");
    Field amount = Field::Money("amount").Min(0).Describe("How much to apply (default: as much as both allow)");
    c.lifecycle.field = "status";
    c.lifecycle.actions = {
        {"apply", "applied", {"open"}, "", "Pay an open invoice with this credit", {invoice, amount}},
        {"void", "voided", {"open"}, "void", "Void what remains", {}},
    };
    return c;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
