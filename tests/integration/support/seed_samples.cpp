#include "support/seed_samples.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

#include "support/build_paths.h"

namespace supplyhub::testing {
namespace {

std::string ReadOrThrow(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The page renders each member of a sample after a bullet: `  • "name": …`.
std::string WithoutBullets(std::string line) {
  constexpr std::string_view kBullet = "\u2022 ";
  for (size_t at; (at = line.find(kBullet)) != std::string::npos;) line.erase(at, kBullet.size());
  return line;
}

std::vector<SeedSample> LoadSeed002Samples() {
  std::vector<SeedSample> samples;
  for (const nlohmann::json& entry : nlohmann::json::parse(ReadOrThrow(Seed002DataDir() + "/samples.json"))) {
    const std::string file = entry.at("file").get<std::string>();
    samples.push_back({std::filesystem::path(file).stem().string(), entry.at("title").get<std::string>(),
                       entry.at("seed_line").get<int>(), entry.at("method").get<std::string>(),
                       entry.at("path").get<std::string>(), ReadOrThrow(Seed002DataDir() + "/" + file)});
  }
  return samples;
}

}  // namespace

std::vector<std::string> SeedSample::Parameters() const {
  std::vector<std::string> names;
  for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1))
    names.push_back(path.substr(open + 1, path.find('}', open) - open - 1));
  return names;
}

std::string SeedSample::Path(const std::map<std::string, int64_t>& values) const {
  std::vector<std::string> names = Parameters();
  if (names.size() != values.size()) throw std::invalid_argument(path + ": not the path's parameters");
  std::string out = path;
  for (const std::string& name : names) {
    auto value = values.find(name);
    if (value == values.end()) throw std::invalid_argument(path + ": no value for {" + name + "}");
    out.replace(out.find("{" + name + "}"), name.size() + 2, std::to_string(value->second));
  }
  return out;
}

std::string Seed002DataDir() { return SourceDir() + "/tests/data/seed002"; }

const std::vector<SeedSample>& Seed002Samples() {
  static const std::vector<SeedSample> samples = LoadSeed002Samples();
  return samples;
}

const SeedSample& Seed002Sample(std::string_view name) {
  for (const SeedSample& sample : Seed002Samples())
    if (sample.name == name) return sample;
  throw std::out_of_range("no seed 002 sample " + std::string(name));
}

std::vector<SeedPageBlock> Seed002PageBlocks() {
  // shared/ is next to the repository (shared/README.md).
  const std::string page = SourceDir() + "/../shared/seeds/002_dc84e41bc020d3b8.txt";
  const std::vector<std::string> lines = SplitLines(ReadOrThrow(page));
  std::vector<SeedPageBlock> blocks;
  for (size_t at = 0; at < lines.size(); ++at) {
    if (lines[at] != "Request samples") continue;
    SeedPageBlock block;
    block.line = static_cast<int>(at) + 1;
    // An operation starts with its heading, a blank line and "Authorizations:".
    size_t start = at;
    while (start > 0 && lines[start] != "Authorizations:") --start;
    if (start >= 2) block.title = lines[start - 2];
    // Its path parameters are listed as name, "required", type, description.
    bool in_path = false;
    for (size_t i = start; i + 1 < at; ++i) {
      if (lines[i] == "path Parameters")
        in_path = true;
      else if (lines[i] == "query Parameters" || lines[i].starts_with("Request Body schema") || lines[i] == "Responses")
        in_path = false;
      else if (in_path && lines[i + 1] == "required")
        block.path_parameters.push_back(lines[i]);
    }
    // "Request samples", a blank line, "Content type", the type, the body.
    if (at + 3 < lines.size()) block.content_type = lines[at + 3];
    for (size_t i = at + 4; i < lines.size(); ++i) {
      block.text += (i == at + 4 ? "" : "\n") + WithoutBullets(lines[i]);
      if (lines[i] == "}" || lines[i] == "]") break;
    }
    blocks.push_back(std::move(block));
  }
  return blocks;
}

}  // namespace supplyhub::testing
