// The formats of `import` (SPEC §13): JSON Lines as `export` writes them, and
// CSV from spreadsheets.
#include <complaints/domain/error.hpp>
#include <complaints/domain/interchange.hpp>
#include <complaints/domain/text.hpp>
#include <complaints/domain/translate.hpp>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace complaints::domain {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& message) {
    throw Error(ExitCode::data, message);
}

// Where a text is inside the complaint, for the message
// (`events[2].details.note`): built only when a text is refused.
struct TextPath {
    const TextPath* parent = nullptr;
    std::string_view key;   // a member of an object, or
    std::size_t index = 0;  // an item of an array,
    bool is_index = false;  // when this is set
    std::string_view root;  // the name of the whole (no parent)

    [[nodiscard]] std::string text() const {
        if (!parent) return std::string(root);
        return is_index ? fmt::format("{}[{}]", parent->text(), index)
                        : fmt::format("{}.{}", parent->text(), key);
    }
};

// Every text of `value` fits a multi-line field (valid UTF-8 was checked by
// the JSON parser; this adds control characters and the length); `path` is
// where it is, for the message.
void check_texts(const json& value, const TextPath& path) {
    if (value.is_string()) {
        if (const auto problem =
                text_problem(value.get_ref<const std::string&>(), TextRule::multi_line))
            bad(fmt::format("{} {}", path.text(), *problem));
    } else if (value.is_object()) {
        for (const auto& [key, item] : value.items()) {
            if (const auto problem = text_problem(key, TextRule::line))
                // TRANSLATORS: "a key in the complaint.events[2].details holds a
                // control character ..."; the last {} is the problem.
                bad(trf("a key in {} {}", path.text(), *problem));
            check_texts(item, TextPath{&path, key, 0, false, {}});
        }
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i)
            check_texts(value[i], TextPath{&path, {}, i, true, {}});
    }
}

const json& member(const json& object, const char* key, const std::string& where) {
    const auto it = object.find(key);
    // TRANSLATORS: "event 3 has no 'details'", "the complaint has no 'id'".
    if (it == object.end()) bad(trf("{} has no '{}'", where, key));
    return *it;
}

std::string text_member(const json& object, const char* key, const std::string& where) {
    const json& value = member(object, key, where);
    if (!value.is_string()) bad(trf("'{}' of {} is not text", key, where));
    return value.get<std::string>();
}

Instant time_member(const json& object, const char* key, const std::string& where,
                    const TimeZone& zone) {
    const std::string text = text_member(object, key, where);
    const auto t = text == "now" ? std::nullopt : parse_time(text, zone, Instant{});
    if (!t)
        bad(trf("'{}' of {} is not a time from 1970 to 9999: '{}'", key, where, printable(text)));
    return *t;
}

// `YYYYMMDD-CODE-NNN`, letters in upper case.
std::string complaint_number(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    const auto first = text.find('-');
    const auto last = text.rfind('-');
    const auto digits = [](std::string_view s) {
        return !s.empty() && std::all_of(s.begin(), s.end(),
                                         [](unsigned char c) { return std::isdigit(c) != 0; });
    };
    const std::string_view all(text);
    const bool ok = first == 8 && last > first + 1 && digits(all.substr(0, 8)) &&
                    digits(all.substr(last + 1)) && all.size() - last - 1 <= 9 &&
                    std::all_of(all.begin() + static_cast<std::ptrdiff_t>(first) + 1,
                                all.begin() + static_cast<std::ptrdiff_t>(last),
                                [](unsigned char c) { return std::isalnum(c) != 0 || c == '_'; });
    if (!ok) bad(trf("'{}' is not a complaint number (YYYYMMDD-CODE-NNN)", printable(text)));
    return text;
}

// "register, assign, ... or import": the event types as a file has them, the
// words between them in the user's language.
std::string known_types() {
    return or_list(all_names<EventType>());
}

Event read_event(const json& item, std::size_t index, const TimeZone& zone) {
    // TRANSLATORS: an event of the history of a complaint in an export, by its
    // place (1, 2, ...), in messages such as "event 3 has no 'details'".
    const std::string where = trf("event {}", index + 1);
    if (!item.is_object()) bad(trf("{} is not a JSON object", where));
    const std::string type_name = text_member(item, "type", where);
    const auto type = parse_name<EventType>(type_name);
    if (!type)
        bad(trf("{} has the unknown type '{}' (known: {})", where, printable(type_name),
                known_types()));
    Event e;
    e.at = time_member(item, "at", where, zone);
    e.recorded_at = time_member(item, "recorded_at", where, zone);
    e.actor = text_member(item, "actor", where);
    if (const auto problem = text_problem(e.actor, TextRule::line))
        // TRANSLATORS: "the actor of event 3 is too long: ..."; the last {} is the
        // problem.
        bad(trf("the actor of {} {}", where, *problem));
    const json& details = member(item, "details", where);
    std::string problem;
    auto parsed = parse_details(*type, details.dump(), problem);
    if (!parsed)
        bad(trf("the details of {} are not those of a '{}' event: {}", where, type_name, problem));
    e.details = std::move(*parsed);
    return e;
}

}  // namespace

ExportedComplaint parse_export_line(std::string_view line, const TimeZone& zone) {
    // The parser and the checks below recurse once per level: a line nested
    // thousands deep would exhaust the stack. An export is 5 levels deep.
    constexpr int k_max_depth = 16;
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > k_max_depth)
                bad(trf("nested deeper than {} levels: not a complaint of an export", k_max_depth));
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    json object;
    try {
        object = json::parse(line);
    } catch (const json::exception& e) {
        // "[json.exception.parse_error.101] parse error at line 1, column 5: ..."
        std::string what = e.what();
        if (const auto at = what.find("] "); at != std::string::npos) what.erase(0, at + 2);
        // TRANSLATORS: {} is the JSON parser's message, in English.
        bad(trf("not a JSON object: {}", printable(what)));
    }
    if (!object.is_object()) bad(tr("not a JSON object: each line holds one complaint"));
    // TRANSLATORS: the whole complaint of a line of an export, in messages such as
    // "the complaint has no 'id'" and "the complaint.events[2].note is too long".
    const std::string whole = tr("the complaint");
    check_texts(object, TextPath{nullptr, {}, 0, false, whole});
    ExportedComplaint out;
    out.id = complaint_number(text_member(object, "id", whole));
    if (const auto it = object.find("status"); it != object.end() && !it->is_null()) {
        if (!it->is_string()) bad(tr("'status' is not text"));
        out.status = it->get<std::string>();
    }
    const json& events = member(object, "events", whole);
    if (!events.is_array() || events.empty())
        bad(tr("'events' is not a list of events: the history is what is imported"));
    out.events.reserve(events.size());
    for (std::size_t i = 0; i < events.size(); ++i)
        out.events.push_back(read_event(events[i], i, zone));
    if (out.events.front().type() != EventType::registration)
        bad(trf("the first event is '{}', not 'register'", to_string(out.events.front().type())));
    for (std::size_t i = 1; i < out.events.size(); ++i)
        if (out.events[i].type() == EventType::registration)
            bad(trf("event {} is a second 'register'", i + 1));
    return out;
}

std::optional<std::string> history_difference(std::span<const Event> stored,
                                              std::span<const Event> imported) {
    const auto trim = [](std::span<const Event> events) {
        while (!events.empty() && events.back().type() == EventType::imported)
            events = events.first(events.size() - 1);
        return events;
    };
    stored = trim(stored);
    imported = trim(imported);
    const std::size_t common = std::min(stored.size(), imported.size());
    for (std::size_t i = 0; i < common; ++i) {
        const Event& a = stored[i];
        const Event& b = imported[i];
        const auto differ = [&](const char* what) {
            // TRANSLATORS: "event 3 (assign): the details differ"; the second {} is the
            // event's type as the file has it, the last what differs.
            return trf("event {} ({}): {} differ", i + 1, to_string(a.type()), what);
        };
        if (a.type() != b.type())
            return trf("event {} is '{}' here and '{}' in the file", i + 1, to_string(a.type()),
                       to_string(b.type()));
        if (a.at != b.at) return differ(tr("the times"));
        if (a.recorded_at != b.recorded_at) return differ(tr("the recording times"));
        if (a.actor != b.actor) return differ(tr("the actors"));
        if (details_json(a.details) != details_json(b.details)) return differ(tr("the details"));
    }
    if (stored.size() != imported.size())
        return trf("it has {} events here and {} in the file", stored.size(), imported.size());
    return std::nullopt;
}

// --- CSV ---------------------------------------------------------------------

int CsvReader::get() {
    const int c = m_in.get();
    if (c != std::char_traits<char>::eof()) ++m_bytes;
    return c;
}

bool CsvReader::next(std::vector<std::string>& fields) {
    constexpr int k_eof = std::char_traits<char>::eof();
    fields.clear();
    if (!m_started) {
        m_started = true;
        // A UTF-8 byte order mark (EF BB BF), as spreadsheets write.
        if (m_in.peek() == 0xEF) {
            const std::array<int, 3> bom{get(), get(), get()};
            if (bom[1] != 0xBB || bom[2] != 0xBF) {
                m_line = m_next_line;
                bad(tr("the file starts with bytes that are not text (not UTF-8)"));
            }
        }
    }
    // Empty lines between records.
    int c = get();
    while (c == '\n' || c == '\r') {
        if (c == '\r' && m_in.peek() == '\n') get();
        ++m_next_line;
        c = get();
    }
    if (c == k_eof) return false;
    m_line = m_next_line;
    std::size_t record_bytes = 0;
    std::string field;
    const auto add = [&](int ch) {
        if (++record_bytes > k_max_record_bytes)
            bad(trf("a record longer than {} MiB", k_max_record_bytes >> 20));
        field += static_cast<char>(ch);
    };
    while (true) {
        if (c == '"' && field.empty()) {
            // A quoted field: up to the closing quote, "" being one quote.
            const std::size_t opened = m_next_line;
            while (true) {
                c = get();
                if (c == k_eof) {
                    m_line = opened;
                    bad(tr("a quoted field is never closed (a \" missing)"));
                }
                if (c == '"') {
                    if (m_in.peek() != '"') break;
                    c = get();
                }
                // A line feed, or a lone CR (old Mac files), is a line break.
                if (c == '\n' || (c == '\r' && m_in.peek() != '\n')) ++m_next_line;
                add(c);
            }
            c = get();
            if (c != ',' && c != '\n' && c != '\r' && c != k_eof) {
                m_line = m_next_line;
                bad(
                    tr("text after a closing quote (a field that holds a \" must be quoted whole, "
                       "the \" doubled)"));
            }
            // A field "" that is empty stays empty; mark it quoted by moving on.
            fields.push_back(std::move(field));
            field.clear();
        } else if (c == ',' || c == '\n' || c == '\r' || c == k_eof) {
            fields.push_back(std::move(field));
            field.clear();
        } else {
            if (c == '"') {
                m_line = m_next_line;
                bad(
                    tr("a \" inside a field that is not quoted (quote the whole field and double "
                       "the \")"));
            }
            add(c);
            c = get();
            continue;
        }
        // After a field: a comma starts the next one; a line break or the end
        // ends the record.
        if (c == ',') {
            c = get();
            continue;
        }
        if (c == '\r' && m_in.peek() == '\n') get();
        if (c == '\n' || c == '\r') ++m_next_line;
        return true;
    }
}

namespace {

constexpr std::array<std::string_view, 14> k_csv_columns{
    "received_at",      "channel",
    "category",         "customer_name",
    "summary",          "kind",
    "severity",         "site",
    "customer_contact", "customer_organization",
    "customer_order",   "demand",
    "description",      "ref"};
constexpr std::size_t k_required_columns = 5;

}  // namespace

std::span<const std::string_view> csv_import_columns() {
    return k_csv_columns;
}

CsvColumns read_csv_header(const std::vector<std::string>& header,
                           std::span<const std::string> ignorable) {
    CsvColumns out;
    out.count = header.size();
    std::array<std::optional<std::size_t>, k_csv_columns.size()> found;
    for (std::size_t i = 0; i < header.size(); ++i) {
        std::string name = header[i];
        // Spreadsheets may pad a header, or write it in another case.
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
        while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.erase(0, 1);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        const auto known = std::find(k_csv_columns.begin(), k_csv_columns.end(), name);
        if (known != k_csv_columns.end()) {
            auto& slot = found[static_cast<std::size_t>(known - k_csv_columns.begin())];
            if (slot) bad(trf("the column '{}' appears twice in the header", name));
            slot = i;
        } else if (std::find(ignorable.begin(), ignorable.end(), name) != ignorable.end()) {
            out.ignored.push_back(name);
        } else {
            std::string columns;
            for (const auto column : k_csv_columns)
                columns += (columns.empty() ? "" : tr(", ")) + std::string(column);
            throw Error(ExitCode::data, trf("unknown column '{}' in the header", printable(name)),
                        {trf("the columns are {} (the first five required); other columns of "
                             "complaint_facts are ignored",
                             columns)});
        }
    }
    for (std::size_t k = 0; k < k_required_columns; ++k)
        if (!found[k])
            throw Error(ExitCode::data, trf("the header has no column '{}'", k_csv_columns[k]),
                        {tr("required: received_at, channel, category, customer_name, summary")});
    out.received_at = *found[0];
    out.channel = *found[1];
    out.category = *found[2];
    out.customer_name = *found[3];
    out.summary = *found[4];
    out.kind = found[5];
    out.severity = found[6];
    out.site = found[7];
    out.customer_contact = found[8];
    out.customer_organization = found[9];
    out.customer_order = found[10];
    out.demand = found[11];
    out.description = found[12];
    out.ref = found[13];
    return out;
}

namespace {

// A cell as `register` would have the option: the spreadsheet guard of
// `export --format csv` undone, checked as the option is.
std::string cell(const std::vector<std::string>& fields, std::size_t index, std::string_view column,
                 TextRule rule) {
    std::string text = fields[index];
    // A spreadsheet's line breaks in a multi-line cell are CRLF, or a lone CR
    // (Excel for Mac): each becomes a line feed, as `--description -` reads.
    if (rule == TextRule::multi_line) {
        for (auto at = text.find("\r\n"); at != std::string::npos; at = text.find("\r\n", at))
            text.erase(at, 1);
        std::replace(text.begin(), text.end(), '\r', '\n');
    }
    if (text.size() >= 2 && text[0] == '\'' &&
        std::string_view("=+-@\t\r").find(text[1]) != std::string_view::npos)
        text.erase(0, 1);
    check_text(column, text, rule);
    return text;
}

std::string required_cell(const std::vector<std::string>& fields, std::size_t index,
                          std::string_view column, TextRule rule = TextRule::line) {
    std::string text = cell(fields, index, column, rule);
    if (text.empty()) bad(trf("the column '{}' is empty", column));
    return text;
}

std::optional<std::string> optional_cell(const std::vector<std::string>& fields,
                                         std::optional<std::size_t> index, std::string_view column,
                                         TextRule rule = TextRule::line) {
    if (!index) return std::nullopt;
    std::string text = cell(fields, *index, column, rule);
    if (text.empty()) return std::nullopt;
    return text;
}

}  // namespace

CsvComplaint read_csv_complaint(const CsvColumns& columns, const std::vector<std::string>& fields) {
    if (fields.size() != columns.count)
        bad(trf("{} fields where the header has {}", fields.size(), columns.count));
    CsvComplaint out;
    Registration& r = out.registration;
    out.received_at = required_cell(fields, columns.received_at, "received_at");
    r.channel = required_cell(fields, columns.channel, "channel");
    r.category = required_cell(fields, columns.category, "category");
    r.customer.name = required_cell(fields, columns.customer_name, "customer_name");
    r.summary = required_cell(fields, columns.summary, "summary", TextRule::summary);
    r.kind = optional_cell(fields, columns.kind, "kind");
    r.severity = optional_cell(fields, columns.severity, "severity");
    r.site = optional_cell(fields, columns.site, "site");
    r.customer.contact = optional_cell(fields, columns.customer_contact, "customer_contact");
    r.customer.organization =
        optional_cell(fields, columns.customer_organization, "customer_organization");
    r.customer.order = optional_cell(fields, columns.customer_order, "customer_order");
    r.demand = optional_cell(fields, columns.demand, "demand");
    r.description = optional_cell(fields, columns.description, "description", TextRule::multi_line);
    r.ref = optional_cell(fields, columns.ref, "ref");
    return out;
}

}  // namespace complaints::domain
