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
        Field::Decimal("quantity").Required().Min(0).Max(kMaxQuantity),
        Field::Decimal("unit_price").Required().Min(0).Max(kMaxPrice).Describe("In the invoice's currency"),
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
        Field::Money("total").ReadOnly().Max(kMaxAmount).Describe("Sum of the lines, rounded half up to the currency"),
        Field::Money("amount_paid").ReadOnly().Max(kMaxAmount).Describe("Payments and credit notes applied"),
        Field::Money("balance").ReadOnly().Max(kMaxAmount).Describe("total - amount_paid"),
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
    // Issued, an invoice is what the customer was billed: its currency and
    // lines stay (payments are in its currency's minor units), and it is voided,
    // not deleted.
    i.locks = {
        {{"open", "partially_paid", "paid", "void"}, {"currency", "lines"}, false,
         "an issued invoice's currency and lines are final: correct it with a credit note, or void it while "
         "nothing is paid"},
        {{"open", "partially_paid", "paid"}, {}, true, "an issued invoice is not deleted: void it"},
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
        Field::Money("amount").Required().Min(0).Max(kMaxAmount),
        Currency(),
        Field::Enum("method", {"bank_transfer", "card", "cash", "check", "other"}).Default(std::string("bank_transfer")),
        Field::String("reference").Searchable().Filterable(),
        Field::DateTime("received_at").Sortable(),
        Field::Money("applied").ReadOnly().Max(kMaxAmount).Describe("The part that went to the invoice"),
        Field::Reference("credit_note_id", "credit_notes").ReadOnly().Describe("The credit note for an overpayment"),
        Field::Enum("status", {"posted", "voided"}).Default(std::string("posted")).Filterable(),
        ExternalId(),
    };
    p.root_alias = true;
    p.lifecycle.field = "status";
    p.lifecycle.actions = {{"void", "voided", {"posted"}, "voided", "Void: the invoice's balance is restored", {}}};
    // Posted money is not rewritten: `void` reverses exactly what was posted.
    p.locks = {
        {{"posted", "voided"}, {"invoice_id", "amount", "currency"}, false,
         "a posted payment's invoice_id, amount and currency are final: void it and post a new payment"},
        {{"posted"}, {}, true, "a posted payment is not deleted: void it (the invoice's balance comes back)"},
    };
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
        Field::Money("amount").Required().Min(0).Max(kMaxAmount),
        Field::Money("remaining").ReadOnly().Max(kMaxAmount),
        Field::Integer("source_payment_id").ReadOnly().Describe("The overpayment it came from"),
        Field::Integer("source_invoice_id").ReadOnly(),
        Field::Text("reason"),
        Field::Enum("status", {"open", "applied", "void"}).Default(std::string("open")).Filterable(),
        ExternalId(),
    };
    Field invoice = Field::Reference("invoice_id", "invoices").Required().Describe("An open invoice of the same currency");
    Field amount = Field::Money("amount").Min(0).Max(kMaxAmount).Describe("How much to apply (default: as much as both allow)");
    c.lifecycle.field = "status";
    c.lifecycle.actions = {
        {"apply", "applied", {"open"}, "", "Pay an open invoice with this credit", {invoice, amount}},
        {"void", "voided", {"open"}, "void", "Void what remains", {}},
    };
    // A credit note is money held: its amount and currency stay; once used or
    // voided it is kept (an open one part of which paid an invoice too: its
    // behavior refuses that delete).
    c.locks = {
        {{"open", "applied", "void"}, {"amount", "currency"}, false,
         "a credit note's amount and currency are final: void it and issue a new one"},
        {{"applied", "void"}, {}, true, "a used or voided credit note is kept"},
    };
    return c;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
