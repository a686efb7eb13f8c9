#include "core/case_fold.h"

#include <gtest/gtest.h>

namespace supplyhub {
namespace {

TEST(FoldCaseTest, FoldsAsciiAndBeyond) {
  EXPECT_EQ(FoldCase("MÜLLER"), FoldCase("Müller"));
  EXPECT_EQ(FoldCase("MÜLLER"), "müller");
  EXPECT_EQ(FoldCase("ΟΔΌΣ"), FoldCase("οδός"));       // final sigma folds like σ
  EXPECT_EQ(FoldCase("ÇA VA, ŁÓDŹ"), "ça va, łódź");
  EXPECT_EQ(FoldCase("ПРИВЕТ"), "привет");
}

TEST(FoldCaseTest, KeepsWildcardsAndWhatIsNotUtf8) {
  EXPECT_EQ(FoldCase("%A_B\\%"), "%a_b\\%");
  std::string invalid = "A\xC3(\xFF" "B";  // truncated sequence, a byte that never starts one
  EXPECT_EQ(FoldCase(invalid), "a\xC3(\xFF" "b");
  EXPECT_EQ(FoldCase("\xC0\xAF"), "\xC0\xAF");  // overlong '/': bytes kept, not decoded
  EXPECT_EQ(FoldCase(""), "");
}

}  // namespace
}  // namespace supplyhub
