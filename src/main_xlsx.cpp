// complaints-xlsx: the tool with libxlsxwriter (SPEC §15). The main binary
// hands `--format xlsx` over to this one (cli/spreadsheet.hpp), as Debian has
// libxlsxwriter as a shared library only and the main binary is static.
#include <complaints/cli/run.hpp>
#include <complaints/cli/spreadsheet.hpp>
#include <complaints/xlsx/workbook.hpp>

int main(int argc, char** argv) {
    complaints::cli::set_workbook_writer(&complaints::xlsx::open_workbook);
    return complaints::cli::run(argc, argv);
}
