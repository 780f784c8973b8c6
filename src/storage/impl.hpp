#pragma once

#include <complaints/storage/database.hpp>

#include <SQLiteCpp/Database.h>

#include <string>

namespace complaints::storage {

// COMPLAINTS_BUSY_TIMEOUT in milliseconds (default 5000); exit 64 when malformed.
int busy_timeout_ms();

struct Database::Impl {
    std::string path;
    bool created = false;
    SQLite::Database db;

    Impl(const std::string& p, int flags, bool was_created)
        : path(p), created(was_created), db(p, flags, busy_timeout_ms()) {}
};

}  // namespace complaints::storage
