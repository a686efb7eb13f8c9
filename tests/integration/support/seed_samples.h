#pragma once
// Seed 002's request samples, kept in tests/data/seed002/: every "Request
// samples" block of the page (shared/seeds/002_dc84e41bc020d3b8.txt, next to
// the repository) verbatim with its bullets removed, one file each, listed in
// page order by samples.json with the heading and line of the block. The page
// renders no method or path: `method` and `path` are Supplyhub's route for the
// operation, its {parameters} named as the page names them.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace supplyhub::testing {

struct SeedSample {
  std::string name;    // the file's name without .json: "supplier_create"
  std::string title;   // the operation's heading: "Create a new supplier"
  int line = 0;        // of the block's "Request samples"
  std::string method;  // "PUT"
  std::string path;    // "/v1/suppliers/{id}"
  std::string text;    // the file, byte for byte

  std::vector<std::string> Parameters() const;  // of `path`, in order
  // `path` with every parameter set; throws unless `values` names exactly those.
  std::string Path(const std::map<std::string, int64_t>& values = {}) const;
};

std::string Seed002DataDir();
// The manifest and its files, read once; throws if one is missing.
const std::vector<SeedSample>& Seed002Samples();
const SeedSample& Seed002Sample(std::string_view name);  // throws if not listed

// A "Request samples" block as the page itself has it.
struct SeedPageBlock {
  int line = 0;
  std::string title;                         // the heading above its "Authorizations:"
  std::vector<std::string> path_parameters;  // under "path Parameters"
  std::string content_type;
  std::string text;  // from the line after the content type to the first "}" or "]" line, "• " removed
};
std::vector<SeedPageBlock> Seed002PageBlocks();  // in page order; throws if the page is not there

}  // namespace supplyhub::testing
