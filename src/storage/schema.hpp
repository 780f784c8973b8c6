#pragma once

#include "connection.hpp"

#include <string>

namespace complaints::storage {

// Brings the schema of `db` to k_schema_version in one transaction; throws
// `Error` (ExitCode::io) for a database from a newer version.
void migrate(Connection& connection);

// The CREATE VIEW statements of this build (complaint_facts, milestone_facts,
// event_log), generated from the rules of domain.
std::string views_sql();

}  // namespace complaints::storage
