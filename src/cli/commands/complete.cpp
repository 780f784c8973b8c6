#include "../commands.hpp"

#include <sys/stat.h>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace complaints::cli {

namespace {

// Printed alone when a file (directory) name goes where the cursor is: the
// scripts then let the shell complete it.
constexpr std::string_view k_files = ":files";
constexpr std::string_view k_directories = ":dirs";

// Complaint numbers offered: the open ones among the most recent complaints
// (by number, on its index), so that completion takes milliseconds at a
// million complaints. A typed prefix narrows the search, not the result.
constexpr int k_numbers_shown = 200;
constexpr int k_numbers_searched = 20'000;

// Where the values of an option or positional argument come from.
enum class Source { nothing, files, directories, numbers, people, departments, formats, table };

// The values of option (or positional) `name` of `command` ("": of any).
struct ValueRule {
    std::string_view command;
    std::string_view name;
    Source source;
    domain::Table table = domain::Table::kind;  // with Source::table
};

// The first rule that matches wins. An option whose check lists its values
// (--status, --reason, --by, ...) needs none: they are read from the check.
constexpr ValueRule k_rules[] = {
    {"", "--db", Source::files},
    {"", "--policy", Source::files},
    {"", "--as", Source::people},
    {"", "--format", Source::formats},
    {"", "--kind", Source::table, domain::Table::kind},
    {"", "--severity", Source::table, domain::Table::severity},
    {"", "--channel", Source::table, domain::Table::channel},
    {"", "--category", Source::table, domain::Table::category},
    {"", "--site", Source::table, domain::Table::site},
    {"", "--cause", Source::table, domain::Table::cause},
    {"", "--outcome", Source::table, domain::Table::outcome},
    {"", "--assignee", Source::people},
    {"assign", "--to", Source::people},  // elsewhere --to is a time
    {"", "--department", Source::departments},
    {"reject", "--of", Source::numbers},
    {"evidence", "--output", Source::nothing},  // only '-'
    {"", "--output", Source::files},
    {"", "--sendmail", Source::files},
    {"", "--extract", Source::directories},
    {"", "FILE", Source::files},
    {"anonymize", "ID", Source::nothing},  // final complaints, not open ones
    {"", "ID", Source::numbers},
};

// In any letter case, as complaint numbers are.
bool starts_with(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(text[i])) !=
            std::toupper(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

bool takes_value(const CLI::Option& option) {
    return option.get_expected_max() != 0;
}

bool repeatable(const CLI::Option& option) {
    return option.get_expected_max() > 1;
}

// The option `name` ("--to", "-o") of `command` or of a command above it
// (CLI11's fallthrough), or nullptr.
const CLI::Option* find_option(const CLI::App& command, std::string_view name) {
    for (const CLI::App* a = &command; a; a = a->get_parent())
        if (const CLI::Option* option = a->get_option_no_throw(std::string(name))) return option;
    return nullptr;
}

// The subcommand `name` of `command` (`report summary`), or nullptr.
CLI::App* subcommand(CLI::App& command, const std::string& name) {
    for (CLI::App* sub : command.get_subcommands({}))
        if (sub->get_name() == name) return sub;
    return nullptr;
}

// The value of --db or --policy as bash passes it: quotes and `~/` undone.
std::string as_path(std::string path) {
    if (path.size() > 1 && (path.front() == '\'' || path.front() == '"') &&
        path.back() == path.front())
        path = path.substr(1, path.size() - 2);
    const char* home = std::getenv("HOME");
    if (home && starts_with(path, "~/")) path = home + path.substr(1);
    return path;
}

// What the words before the cursor's say.
struct Position {
    CLI::App* command = nullptr;  // the deepest (sub)command given, else the root
    std::string_view top;         // the command given, or ""
    std::set<const CLI::Option*> given;
    std::size_t positionals = 0;            // given to `command`
    bool positional_only = false;           // after `--`
    const CLI::Option* value_of = nullptr;  // the cursor's word is the value of this
};

// Walks `words` (all but the cursor's) from `root`, adding the options of the
// command given (only those, as `run` does), and the global options given to
// `ctx`, after their environment variables.
Position walk(CLI::App& root, std::span<const CommandEntry> commands,
              const std::vector<std::string>& words, Context& ctx) {
    for (const GlobalOption& global : k_global_options)
        if (const char* value = global.env ? std::getenv(global.env) : nullptr; value && *value)
            ctx.options.*global.member = value;
    Position at;
    at.command = &root;
    const std::size_t end = words.size() - 1;  // the cursor's word
    for (std::size_t i = 0; i < end; ++i) {
        const std::string& word = words[i];
        if (!at.positional_only && word == "--") {
            at.positional_only = true;
        } else if (!at.positional_only && word.size() > 1 && word.front() == '-') {
            const auto equals = word.find('=');
            const CLI::Option* option = find_option(*at.command, word.substr(0, equals));
            if (!option) continue;
            at.given.insert(option);
            if (!takes_value(*option)) continue;
            std::string value;
            if (equals != std::string::npos) {
                value = word.substr(equals + 1);
            } else {
                if (i + 1 < end && words[i + 1] == "=") ++i;  // bash splits `--db=x` at '='
                if (i + 1 == end) {
                    at.value_of = option;
                    break;
                }
                value = words[++i];
            }
            for (const GlobalOption& global : k_global_options)
                if (option == root.get_option_no_throw(global.name))
                    ctx.options.*global.member = as_path(value);
        } else if (at.top.empty()) {
            const auto entry = std::find_if(commands.begin(), commands.end(),
                                            [&](const CommandEntry& c) { return c.name == word; });
            if (entry == commands.end()) return {};  // an unknown command: nothing to offer
            at.command = root.get_subcommand(std::string(entry->name));
            at.top = entry->name;
            entry->add(*at.command, ctx);
        } else if (CLI::App* sub = subcommand(*at.command, word); sub && !at.positional_only) {
            at.command = sub;
            at.positionals = 0;
        } else {
            ++at.positionals;
        }
    }
    return at;
}

// The values a CLI11 check lists in its description: `a|b|c` or `{a,b,c}`.
std::vector<std::string> listed_values(const CLI::Option& option) {
    const std::string type = option.get_type_name();
    const auto colon = type.find(':');
    if (colon == std::string::npos) return {};
    std::string list = type.substr(colon + 1);
    char separator = '|';
    if (list.size() > 1 && list.front() == '{' && list.back() == '}') {
        list = list.substr(1, list.size() - 2);
        separator = ',';
    } else if (list.find('|') == std::string::npos) {
        return {};
    }
    return CLI::detail::split(list, separator);
}

// The open complaints' numbers that start with `prefix` (any letter case),
// most recent first; none when the database does not exist.
std::vector<std::string> open_numbers(Context& ctx, std::string_view prefix) {
    const std::string& db_name = ctx.options.db;
    const bool server = storage::is_server_url(db_name);
    struct stat info {};
    if (server ? !storage::has_server_client()
               : db_name == ":memory:" || db_name.starts_with("file:") ||
                     ::stat(db_name.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
        return {};
    const storage::Database db(db_name, storage::Access::read, std::chrono::milliseconds(200), {});
    std::string final_statuses;
    for (const auto status : domain::k_final_statuses)
        final_statuses +=
            fmt::format("{}'{}'", final_statuses.empty() ? "" : ", ", domain::to_string(status));
    storage::QueryParams params;
    std::string range;
    if (!prefix.empty()) {
        std::string from(prefix);
        for (char& c : from) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        params = {{"from", from}, {"to", from + "\xF4\x8F\xBF\xBF"}};  // U+10FFFF sorts last
        range = "WHERE id >= :from AND id < :to ";
    }
    storage::QueryLimits limits;
    limits.timeout = std::chrono::seconds(2);
    std::vector<std::string> numbers;
    db.query(fmt::format("SELECT id FROM (SELECT id, status FROM complaint_facts {}ORDER BY id "
                         "DESC LIMIT {}) WHERE status NOT IN ({}) LIMIT {}",
                         range, k_numbers_searched, final_statuses, k_numbers_shown),
             params, limits,
             {[](const std::vector<std::string>&) {},
              [&](const std::vector<storage::Value>& row) {
                  if (const auto* id = std::get_if<std::string>(&row[0])) numbers.push_back(*id);
              }});
    return numbers;
}

// The values that may follow `option` (or go in positional `option`).
std::vector<std::string> values(const CLI::Option& option, const Position& at, Context& ctx,
                                std::string_view prefix) {
    if (auto listed = listed_values(option); !listed.empty()) return listed;
    const std::string name = option.get_name();  // "--category", "ID"
    const auto rule = std::find_if(std::begin(k_rules), std::end(k_rules), [&](const ValueRule& r) {
        return r.name == name && (r.command.empty() || r.command == at.top);
    });
    if (rule == std::end(k_rules) || rule->source == Source::nothing) return {};
    if (rule->source == Source::files) return {std::string(k_files)};
    if (rule->source == Source::directories) return {std::string(k_directories)};
    if (rule->source == Source::numbers) return open_numbers(ctx, prefix);
    if (rule->source == Source::formats) return domain::all_names<Format>();
    const domain::Policy& policy = ctx.policy();
    std::vector<std::string> out;
    if (rule->source == Source::people)
        for (const auto& person : policy.people) out.push_back(person.key);
    if (rule->source == Source::departments)
        for (const auto& department : policy.departments) out.push_back(department.key);
    if (rule->source == Source::table)
        for (const auto& entry : policy.entries(rule->table)) out.push_back(entry.name);
    return out;
}

// The positional argument that the next word given to `command` goes in, or nullptr.
const CLI::Option* next_positional(const CLI::App& command, std::size_t given) {
    for (const CLI::Option* option : command.get_options()) {
        if (!option->get_positional() || option->nonpositional()) continue;
        const auto takes = static_cast<std::size_t>(option->get_items_expected_max());
        if (given < takes) return option;
        given -= takes;
    }
    return nullptr;
}

// The candidates for the cursor's word `word` (some may not start with it).
std::vector<std::string> candidates(const Position& at, Context& ctx,
                                    std::span<const CommandEntry> commands,
                                    const std::string& word) {
    if (at.value_of) return values(*at.value_of, at, ctx, word);
    std::vector<std::string> out;
    if (!at.positional_only && word.starts_with("-")) {
        if (const auto equals = word.find('='); equals != std::string::npos) {
            const CLI::Option* option = find_option(*at.command, word.substr(0, equals));
            if (!option || !takes_value(*option)) return {};
            for (auto& value : values(*option, at, ctx, word.substr(equals + 1)))
                out.push_back(value == k_files || value == k_directories
                                  ? value
                                  : word.substr(0, equals + 1) + value);
            return out;
        }
        for (const CLI::App* a = at.command; a; a = a->get_parent())
            for (const CLI::Option* option : a->get_options())
                if (!option->get_group().empty() &&
                    (!at.given.count(option) || repeatable(*option)))
                    for (const auto& name : option->get_lnames()) out.push_back("--" + name);
        return out;
    }
    if (at.top.empty()) {
        for (const auto& c : commands) out.emplace_back(c.name);
        return out;
    }
    if (!at.positional_only)
        for (const CLI::App* sub : at.command->get_subcommands({})) out.push_back(sub->get_name());
    if (const CLI::Option* positional = next_positional(*at.command, at.positionals))
        for (auto& value : values(*positional, at, ctx, word)) out.push_back(std::move(value));
    return out;
}

}  // namespace

int complete(std::span<const CommandEntry> commands, const std::vector<std::string>& typed) {
    try {
        std::vector<std::string> words = typed;
        if (words.empty()) words.emplace_back();
        Context ctx;
        CLI::App root{"", "complaints"};
        root.set_version_flag("--version", "");
        for (const GlobalOption& global : k_global_options)
            root.add_option(global.name, ctx.options.*global.member, global.help);
        for (const auto& c : commands) root.add_subcommand(std::string(c.name), c.description);
        const Position at = walk(root, commands, words, ctx);
        if (!at.command) return 0;
        // bash splits `--db=x` at '=': the cursor's word may be the '=' itself.
        const std::string word = at.value_of && words.back() == "=" ? "" : words.back();
        const std::vector<std::string> found = candidates(at, ctx, commands, word);
        if (found.size() == 1 && (found[0] == k_files || found[0] == k_directories)) {
            std::printf("%s\n", found[0].c_str());
            return 0;
        }
        std::set<std::string> printed;
        for (const auto& candidate : found) {
            if (starts_with(candidate, word) && candidate != k_files &&
                candidate != k_directories && printed.insert(candidate).second)
                std::printf("%s\n", candidate.c_str());
        }
    } catch (...) {
        // Completion offers what it can: a broken policy or database offers nothing.
    }
    return 0;
}

}  // namespace complaints::cli
