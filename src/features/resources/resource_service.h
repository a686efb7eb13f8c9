#pragma once
// CRUD and bulk operations of one declared resource: transport-free logic
// over the storage interface. Outputs are serialized JSON for `data`.
#include <cstdint>
#include <string>
#include <vector>

#include "features/resources/resource_repository.h"
#include "schema/validate.h"

namespace supplyhub::features {

inline constexpr size_t kMaxBulkRows = 1000;

struct PageResult {
  std::string data_json;  // JSON array
  int64_t total = 0;
  int64_t rows = 0;
};

class ResourceService {
 public:
  ResourceService(const schema::Resource& resource, storage::Database& db);

  const schema::Resource& resource() const { return repo_.resource(); }

  Task<Result<PageResult>> List(int64_t org, ListQuery query);
  Task<Result<std::string>> Get(int64_t org, int64_t id);
  Task<Result<std::string>> Create(int64_t org, schema::Record record);
  Task<Result<std::string>> Update(int64_t org, int64_t id, schema::Record record, schema::Mode mode);
  Task<Result<std::string>> Delete(int64_t org, int64_t id);
  // All-or-nothing: either every row is written or none, with per-row errors.
  Task<Result<std::string>> BulkCreate(int64_t org, std::vector<schema::Record> rows);
  Task<Result<std::string>> BulkReplace(int64_t org, std::vector<schema::Record> rows);

 private:
  Error NotFound(int64_t id) const;
  // A unique-key conflict as field messages (storage says "unique:<column>").
  FieldErrors ConflictFields(const Error& e) const;
  // A unique-key conflict from storage, said in the resource's words.
  Error ExplainConflict(Error e) const;
  // Fails with per-field messages when a reference leaves the organization.
  Task<Result<void>> CheckReferences(storage::Transaction& tx, int64_t org, const schema::Record& record) const;

  ResourceRepository repo_;
  storage::Database& db_;
};

}  // namespace supplyhub::features
