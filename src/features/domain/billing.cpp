#include "features/domain/operations.h"
#include "schema/resources/declarations.h"
#include "schema/value_format.h"

namespace supplyhub::features {
namespace {

namespace res = schema::resources;

// Issued invoices take payments; one already paid takes them too (a customer
// paying twice): the whole amount becomes credit.
bool Payable(const std::string& status) { return status == "open" || status == "partially_paid" || status == "paid"; }

Error NotPayable(int64_t invoice, const std::string& status) {
  return Error::Of(ErrorCode::kInvalidTransition,
                   "Invoice " + std::to_string(invoice) + " is " + status + ": only issued invoices take payments");
}

schema::Record OverpaymentCredit(int64_t contact, const std::string& currency, int64_t excess, int64_t payment,
                                 int64_t invoice, const std::string& invoice_number) {
  return MakeRecord(res::CreditNotes(), {{"contact_id", contact ? storage::Value{contact} : storage::Value{}},
                                         {"currency", currency},
                                         {"amount", excess},
                                         {"remaining", excess},
                                         {"source_payment_id", payment},
                                         {"source_invoice_id", invoice},
                                         {"reason", "Overpayment of invoice " + invoice_number}});
}

// Adds `delta` to an invoice's amount_paid (its compute moves balance and
// status), then the order's financial status. The invoice row is locked.
Task<Result<void>> AddPaid(RowWriter& w, StoredRow& invoice, int64_t delta) {
  const auto& r = res::Invoices();
  auto paid = CheckedAdd(IntField(r, invoice.record, "amount_paid"), delta);
  if (!paid) co_return Fail(OutOfRange("amount_paid", "the payments and credits applied"));
  SetField(r, invoice.record, "amount_paid", *paid);
  if (auto stored = co_await w.Store(r, invoice); !stored) co_return stored;
  if (int64_t order = IntField(r, invoice.record, "order_id")) co_return co_await OrderFollowsInvoices(w, order);
  co_return Result<void>{};
}

}  // namespace

// total from the lines; balance = total - amount_paid; the status follows
// the balance once the invoice is issued.
Behavior InvoiceBehavior() {
  Behavior b;
  b.compute = [](RowWriter&, const schema::Resource& r, StoredRow& row) -> Task<Result<void>> {
    const auto& line = res::InvoiceLines();
    int exponent = schema::CurrencyExponent(TextField(r, row.record, "currency"));
    CheckedSum sum;
    for (const StoredRow& l : row.children[0])
      sum += LineAmount(IntField(line, l.record, "quantity"), IntField(line, l.record, "unit_price"), exponent);
    if (!sum.ok()) co_return Fail(OutOfRange("total", "the sum of the lines' quantity x unit_price"));
    int64_t total = *sum.value(), paid = IntField(r, row.record, "amount_paid");
    auto balance = CheckedSub(total, paid);
    if (!balance) co_return Fail(OutOfRange("balance", "total - amount_paid"));
    SetField(r, row.record, "total", total);
    SetField(r, row.record, "amount_paid", paid);
    SetField(r, row.record, "balance", *balance);
    std::string status = TextField(r, row.record, "status");
    if (status == "open" || status == "partially_paid" || status == "paid")
      SetField(r, row.record, "status",
               std::string(paid <= 0 ? "open" : paid >= total ? "paid" : "partially_paid"));
    co_return Result<void>{};
  };
  b.actions.emplace_back("void", [](ActionCall& call) -> Task<Result<void>> {
    if (IntField(call.resource, call.row.record, "amount_paid") != 0)
      co_return Fail(ErrorCode::kInvalidTransition,
                     "Invoice " + std::to_string(call.row.id) + " has payments applied: void them first");
    co_return Result<void>{};
  });
  return b;
}

// Posting: the invoice takes what its balance allows; the excess becomes a
// credit note for the same customer and currency.
Behavior PaymentBehavior() {
  Behavior b;
  b.lock_first = "invoice_id";
  b.created = [](RowWriter& w, const StoredRow& posted) -> Task<Result<void>> {
    const auto& r = res::Payments();
    const auto& inv_r = res::Invoices();
    StoredRow payment = posted;
    int64_t amount = IntField(r, payment.record, "amount");
    if (amount <= 0) co_return Fail(FieldsInvalid({{"amount", {"must be greater than zero"}}}));
    int64_t invoice_id = IntField(r, payment.record, "invoice_id");
    auto loaded = co_await w.Load(inv_r, invoice_id);  // locked on PostgreSQL: payments on one invoice queue here
    if (!loaded) co_return Fail(loaded.error());
    StoredRow invoice = std::move(**loaded);
    std::string status = TextField(inv_r, invoice.record, "status");
    if (!Payable(status)) co_return Fail(NotPayable(invoice_id, status));
    std::string currency = TextField(inv_r, invoice.record, "currency");
    if (TextField(r, payment.record, "currency") != currency)
      co_return Fail(FieldsInvalid({{"currency", {"must be the invoice's currency (" + currency + ")"}}}));
    int64_t balance = IntField(inv_r, invoice.record, "balance");
    int64_t applied = std::min(amount, std::max<int64_t>(balance, 0));
    if (auto paid = co_await AddPaid(w, invoice, applied); !paid) co_return paid;
    SetField(r, payment.record, "applied", applied);
    if (amount > applied) {
      schema::Record credit = OverpaymentCredit(IntField(inv_r, invoice.record, "contact_id"), currency,
                                                amount - applied, payment.id, invoice_id,
                                                TextField(inv_r, invoice.record, "invoice_number"));
      auto note = co_await w.Create(res::CreditNotes(), std::move(credit));
      if (!note) co_return Fail(note.error());
      SetField(r, payment.record, "credit_note_id", *note);
    }
    co_return co_await w.Store(r, payment);
  };
  // Voiding reverses the posting: the invoice's balance comes back, the
  // overpayment's credit note is voided (refused once it has been used).
  b.actions.emplace_back("void", [](ActionCall& call) -> Task<Result<void>> {
    const auto& r = call.resource;
    RowWriter& w = call.writer;
    if (int64_t note_id = IntField(r, call.row.record, "credit_note_id")) {
      const auto& cn = res::CreditNotes();
      auto note = co_await w.Load(cn, note_id);
      if (!note) co_return Fail(note.error());
      if (*note) {
        if (IntField(cn, (*note)->record, "remaining") < IntField(cn, (*note)->record, "amount"))
          co_return Fail(ErrorCode::kInvalidTransition, "Payment " + std::to_string(call.row.id) + "'s credit note " +
                                                            std::to_string(note_id) + " has been applied: cannot void");
        SetField(cn, (*note)->record, "remaining", int64_t{0});
        SetField(cn, (*note)->record, "status", std::string("void"));
        if (auto stored = co_await w.Store(cn, **note); !stored) co_return stored;
      }
    }
    auto invoice = co_await w.Load(res::Invoices(), IntField(r, call.row.record, "invoice_id"));
    if (!invoice) co_return Fail(invoice.error());
    if (*invoice)
      if (auto paid = co_await AddPaid(w, **invoice, -IntField(r, call.row.record, "applied")); !paid) co_return paid;
    co_return Result<void>{};
  });
  return b;
}

// remaining starts at amount; `apply` pays an open invoice of the same
// currency with as much as both allow (or the amount asked for).
Behavior CreditNoteBehavior() {
  Behavior b;
  b.compute = [](RowWriter&, const schema::Resource& r, StoredRow& row) -> Task<Result<void>> {
    if (storage::IsNull(FieldValue(r, row.record, "remaining")))
      SetField(r, row.record, "remaining", IntField(r, row.record, "amount"));
    co_return Result<void>{};
  };
  b.actions.emplace_back("apply", [](ActionCall& call) -> Task<Result<void>> {
    const auto& r = call.resource;
    const auto& inv_r = res::Invoices();
    RowWriter& w = call.writer;
    int64_t invoice_id = 0;
    if (const auto* id = std::get_if<int64_t>(&call.input.values.at(0))) invoice_id = *id;
    auto loaded = co_await w.Load(inv_r, invoice_id);
    if (!loaded) co_return Fail(loaded.error());
    if (!*loaded)
      co_return Fail(FieldsInvalid({{"invoice_id", {"refers to no invoice with id " + std::to_string(invoice_id) +
                                                    " in this organization"}}}));
    StoredRow invoice = std::move(**loaded);
    std::string status = TextField(inv_r, invoice.record, "status");
    if (!Payable(status)) co_return Fail(NotPayable(invoice_id, status));
    std::string currency = TextField(r, call.row.record, "currency");
    if (TextField(inv_r, invoice.record, "currency") != currency)
      co_return Fail(FieldsInvalid({{"invoice_id", {"is in another currency than the credit note (" + currency + ")"}}}));
    int64_t remaining = IntField(r, call.row.record, "remaining");
    int64_t x = std::min(remaining, IntField(inv_r, invoice.record, "balance"));
    if (const auto* asked = std::get_if<std::string>(&call.input.values.at(1))) {
      int64_t wanted = 0;
      if (!schema::ParseMoney(*asked, schema::CurrencyExponent(currency), wanted) || wanted <= 0)
        co_return Fail(FieldsInvalid({{"amount", {"must be a positive amount in " + currency}}}));
      if (wanted > x)
        co_return Fail(FieldsInvalid({{"amount", {"exceeds what can be applied (" +
                                                  schema::FormatMoney(x, schema::CurrencyExponent(currency)) + ")"}}}));
      x = wanted;
    }
    if (x <= 0) co_return Fail(ErrorCode::kInvalidTransition, "Nothing to apply: the invoice has no balance");
    if (auto paid = co_await AddPaid(w, invoice, x); !paid) co_return paid;
    SetField(r, call.row.record, "remaining", remaining - x);
    if (remaining - x == 0) SetField(r, call.row.record, "status", std::string("applied"));
    co_return Result<void>{};
  });
  b.actions.emplace_back("void", [](ActionCall& call) -> Task<Result<void>> {
    SetField(call.resource, call.row.record, "remaining", int64_t{0});
    co_return Result<void>{};
  });
  // What it paid is part of an invoice's amount_paid: the note stays (its lock
  // keeps applied and void ones; this, open ones already partly used).
  b.deleting = [](RowWriter&, const StoredRow& row) -> Task<Result<void>> {
    const auto& r = res::CreditNotes();
    if (IntField(r, row.record, "remaining") < IntField(r, row.record, "amount"))
      co_return Fail(ErrorCode::kImmutable, "Credit note " + std::to_string(row.id) +
                                                " has paid part of an invoice: it is kept (void what remains)");
    co_return Result<void>{};
  };
  return b;
}

}  // namespace supplyhub::features
