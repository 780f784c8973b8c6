#pragma once

#include <SQLiteCpp/Database.h>

namespace complaints::storage {

// Brings the schema of `db` to k_schema_version in one transaction; throws
// `Error` (ExitCode::io) for a database from a newer version.
void migrate(SQLite::Database& db);

}  // namespace complaints::storage
