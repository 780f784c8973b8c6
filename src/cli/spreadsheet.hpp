#pragma once

// `--format xlsx` (SPEC §15): the tables of `list`, `report`, `query` and
// `export` as a workbook, through the xlsx module (complaints/xlsx/). The
// static main binary does not link it: a run with --format xlsx is handed
// over to complaints-xlsx (src/main_xlsx.cpp), which registers the writer.

#include "context.hpp"
#include "streams.hpp"

#include <complaints/cli/spreadsheet.hpp>
#include <complaints/domain/time.hpp>
#include <complaints/report/table.hpp>
#include <complaints/storage/query.hpp>
#include <complaints/xlsx/workbook.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace complaints::cli {

// Runs the same command with complaints-xlsx; returns only by throwing (69).
[[noreturn]] void hand_over_to_xlsx_build(char** argv);

// A workbook written into `file`'s temporary file (committed by the caller),
// one sheet named `sheet`.
std::unique_ptr<xlsx::Workbook> open_spreadsheet(const OutputFile& file, const std::string& sheet,
                                                 std::vector<xlsx::Column> columns);

// Writes the file (into `file`'s temporary file); exit 74 when it cannot.
void close_spreadsheet(xlsx::Workbook& book, const OutputFile& file);
// A whole table into the file of -o (committed by run.cpp).
void write_spreadsheet(Context& ctx, const std::string& sheet, const report::Table& table);

// A report table's columns and cells: numeric columns as numbers, the
// columns of local times (`received`, `deadline`, ...) as dates.
std::vector<xlsx::Column> spreadsheet_columns(const std::vector<report::Table::Column>& columns);
std::vector<xlsx::Cell> spreadsheet_row(const std::vector<xlsx::Column>& columns,
                                        const std::vector<std::optional<std::string>>& row);

// The rows of a query (`query`, `export`) into a workbook opened when the
// columns are known: integers and reals as numbers, `*amount` columns (integers in
// minor units, or decimal text as complaint_facts gives them) as money, UTC times
// (YYYY-MM-DDTHH:MM:SSZ) as dates in `zone`.
storage::QuerySink spreadsheet_sink(const OutputFile& file, const std::string& sheet,
                                    const domain::TimeZone& zone,
                                    std::unique_ptr<xlsx::Workbook>& book);

}  // namespace complaints::cli
