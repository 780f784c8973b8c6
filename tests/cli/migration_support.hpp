// What the migration tests of recent schema versions share (migration_v6.cpp,
// migration_v7.cpp): a fixture copied into place, the rows of every table, the
// reports whose output a migration must not change.
#pragma once

#include "harness.hpp"

#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace migration_support {

// tests/fixtures/NAME copied to the fixture's database, writable.
inline void use_fixture(cli_test::Fixture& f, const std::string& name) {
    namespace fs = std::filesystem;
    const fs::path from = cli_test::source_dir() / "tests/fixtures" / name;
    REQUIRE_MESSAGE(fs::is_regular_file(from), "missing fixture " << from);
    fs::copy_file(from, f.db(), fs::copy_options::overwrite_existing);
    fs::permissions(f.db(), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add);
}

// The first column of every row of `sql`, NULL as "NULL".
inline std::vector<std::string> column(const std::string& path, const std::string& sql) {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    SQLite::Statement s(db, sql);
    std::vector<std::string> out;
    while (s.executeStep())
        out.push_back(s.getColumn(0).isNull() ? "NULL" : s.getColumn(0).getString());
    return out;
}

inline const std::vector<std::string> k_tables = {"complaint", "event", "evidence",
                                                  "evidence_content", "reminder_claim"};

// Each table's columns as a SELECT list: what a database had before a
// migration added columns.
inline std::map<std::string, std::string> column_lists(const std::string& path) {
    std::map<std::string, std::string> out;
    for (const auto& table : k_tables) {
        std::string list;
        for (const auto& name :
             column(path, "SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid"))
            list += (list.empty() ? "" : ", ") + name;
        out[table] = list;
    }
    return out;
}

// Every row of every table, the columns of `tables` each as stored (NULL
// apart), in rowid order.
inline std::vector<std::string> every_row(const std::string& path,
                                          const std::map<std::string, std::string>& tables) {
    std::vector<std::string> rows;
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    for (const auto& [table, columns] : tables) {
        SQLite::Statement s(db, "SELECT " + columns + " FROM " + table + " ORDER BY rowid");
        while (s.executeStep()) {
            std::string row = table + ":";
            for (int i = 0; i < s.getColumnCount(); ++i)
                row += (s.getColumn(i).isNull() ? std::string("NULL")
                                                : "'" + s.getColumn(i).getString() + "'") +
                       "|";
            rows.push_back(row);
        }
    }
    return rows;
}

inline cli_test::Result run_ok(cli_test::Fixture& f, const std::vector<std::string>& args) {
    cli_test::Result r = f.run(args);
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    return r;
}

// Reports whose output a migration must leave as it was.
inline const std::vector<std::vector<std::string>> k_reports = {
    {"--format", "json", "report", "summary"},
    {"--format", "json", "report", "summary", "--by", "category"},
    {"report", "summary", "--by", "department"},
    {"--format", "json", "report", "trend", "--by", "day", "--from", "2026-11-15", "--to",
     "2026-11-24"},
    {"--format", "json", "report", "trend", "--by", "day", "--from", "2026-11-15", "--to",
     "2026-11-24", "--category", "billing"},
    {"--format", "json", "report", "overdue"},
    {"--format", "json", "list"},
    {"--format", "json", "list", "--open", "--overdue"}};

}  // namespace migration_support
