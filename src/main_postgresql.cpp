// complaints-postgresql: the tool with PostgreSQL's client library (SPEC §14).
// The main binary hands a postgresql:// database over to this one
// (cli/server.hpp), so that only runs against a server load libpq. It
// writes spreadsheets too (libxlsxwriter, SPEC §15).
#include <complaints/cli/run.hpp>
#include <complaints/cli/spreadsheet.hpp>
#include <complaints/postgres/session.hpp>
#include <complaints/storage/database.hpp>

int main(int argc, char** argv) {
    using namespace complaints;
    cli::set_workbook_writer(&xlsx::open_workbook);  // --format xlsx, too
    storage::set_server_client(
        {[](const std::string& url,
            std::chrono::milliseconds busy_timeout) -> std::unique_ptr<storage::sql::Session> {
             postgres::Options options;
             options.busy_timeout = busy_timeout;
             return postgres::Session::connect(url, options);
         },
         [](const std::string& url) { return postgres::display_url(url); },
         [](const std::string& url) { return postgres::password_in_url(url); }});
    return cli::run(argc, argv);
}
