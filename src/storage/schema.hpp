#pragma once

#include "sqlite_engine.hpp"

#include <string>
#include <string_view>

namespace complaints::storage {

// Brings the schema of `db` to k_schema_version in one transaction; throws
// `Error` (ExitCode::io) for a database from a newer version.
void migrate(SqliteEngine& connection);

// The SQL the views take for the present: the clock when the view is read.
inline constexpr std::string_view k_now_sql = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

// Where views_sql puts the views: in the database, or as TEMP views of one
// connection, which shadow the stored ones of the same names.
enum class ViewScope { stored, temporary };

// The CREATE VIEW statements of this build (complaint_facts, milestone_facts,
// event_log), generated from the rules of domain, with `now` (an SQL
// expression) as the present.
std::string views_sql(std::string_view now = k_now_sql, ViewScope scope = ViewScope::stored,
                      sql::Engine engine = sql::Engine::sqlite);

// The partial indexes of the deadlines not met whose clock runs (one per
// milestone, `complaint_M_open`), dropped first if they exist.
std::string open_milestone_indexes_sql();

}  // namespace complaints::storage
