#pragma once

// The stores write SQLite's parameters, `?` and `:name`; PostgreSQL numbers
// them `$1`, `$2`, ... This translates one statement's text, and says
// whether it returns rows (and so is read through a cursor).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace complaints::postgres::detail {

struct Translation {
    std::string sql;  // the text with `$n` for every parameter
    int parameters = 0;
    // Each `:name` (with its colon) and its number; a name used twice is one parameter.
    std::vector<std::pair<std::string, int>> names;
    // A query (SELECT, WITH, VALUES or TABLE first): read through a cursor.
    // A WITH that holds an INSERT, UPDATE, DELETE or MERGE is not: PostgreSQL
    // refuses a cursor over a statement that changes data.
    bool returns_rows = false;
};

// Numbers `?` and `:name` in order of appearance, as SQLite does. Text in
// '...' literals (with '' and, in E'...', backslash escapes), "..." names,
// -- and /* */ comments (nested) and $tag$...$tag$ strings is left alone, and
// so are the casts `::` and the assignments `:=`.
Translation translate(std::string_view sql);

}  // namespace complaints::postgres::detail
