#pragma once

#include <complaints/xlsx/workbook.hpp>

namespace complaints::cli {

// The writer of workbooks (`--format xlsx`), set by the builds that link the
// xlsx module (src/main_xlsx.cpp, src/main_postgresql.cpp). Without one, a
// run with --format xlsx is handed over to complaints-xlsx.
void set_workbook_writer(xlsx::OpenWorkbook open);
[[nodiscard]] bool has_workbook_writer();

}  // namespace complaints::cli
