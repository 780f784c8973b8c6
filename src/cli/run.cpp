#include "commands.hpp"
#include "server.hpp"
#include "spreadsheet.hpp"

#include <complaints/cli/run.hpp>
#include <complaints/domain/error.hpp>
#include <complaints/domain/text.hpp>
#include <complaints/domain/translate.hpp>
#include <complaints/report/table.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace complaints::cli {

namespace {

// The one place errors are printed. Messages quote what the user gave (and
// CLI11's quote it too): control characters in it are shown escaped
// (`\x1b`), so that an error is one line and sends nothing to the terminal.
void print_error(std::string_view message, const std::vector<std::string>& hints) {
    std::string text = domain::printable(message);
    // CLI11 capitalises its sentences; ours are lower-case. Leave names like "ID" alone.
    if (text.size() > 1 && std::isupper(static_cast<unsigned char>(text[0])) &&
        std::islower(static_cast<unsigned char>(text[1])))
        text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    // TRANSLATORS: "complaints: " stays as it is (scripts look for it).
    std::fputs((trf("complaints: error: {}", text) + "\n").c_str(), stderr);
    for (const auto& hint : hints)
        std::fputs((trf("hint: {}", domain::printable(hint)) + "\n").c_str(), stderr);
}

// Out of memory (SPEC §12): exit 71, with a message that needs no memory.
int out_of_memory() {
    std::fflush(stdout);
    std::fputs("complaints: error: out of memory\n", stderr);
    return static_cast<int>(ExitCode::out_of_memory);
}

// The deepest subcommand that was given.
const CLI::App& chosen_command(const CLI::App& app) {
    const CLI::App* current = &app;
    while (!current->get_subcommands().empty()) current = current->get_subcommands().front();
    return *current;
}

// "complaints report summary": the deepest subcommand given, for "see --help" hints.
std::string command_path(const CLI::App& app) {
    std::string path = app.get_name();
    for (const CLI::App* a = &chosen_command(app); a != &app; a = a->get_parent())
        path.insert(app.get_name().size(), " " + a->get_name());
    return path;
}

// The option called `name` of `command` or of a command above it, or nullptr.
const CLI::Option* find_option(const CLI::App& command, const std::string& name) {
    for (const CLI::App* a = &command; a; a = a->get_parent())
        if (const CLI::Option* option = a->get_option_no_throw(name)) return option;
    return nullptr;
}

// What an option of `type` (CLI11's type name) wants, for a value it cannot convert.
std::string wanted_by_type(const std::string& type) {
    if (type.find("INT") != std::string::npos) return tr("a whole number");
    if (type.find("FLOAT") != std::string::npos) return tr("a number");
    return tr("another value");
}

// `text` after `prefix`, or nullopt.
std::optional<std::string> after(const std::string& text, std::string_view prefix) {
    if (text.rfind(prefix, 0) != 0) return std::nullopt;
    return text.substr(prefix.size());
}

// A CLI11 parse error in the tool's own words (SPEC §10: "option-parser
// messages are the tool's own, in its style"), from its type and, where the
// type is not enough, its message: CLI11's messages are stable within a
// version, and any it does not recognise are passed on, lower-cased.
std::string usage_message(const CLI::ParseError& e, const CLI::App& app) {
    const CLI::App& command = chosen_command(app);
    const std::string what = e.what();
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
        std::vector<std::string> extra = app.remaining(true);
        const auto option = std::find_if(extra.begin(), extra.end(), [](const std::string& a) {
            return a.size() > 1 && a.front() == '-';
        });
        if (option != extra.end())
            return trf("unknown option '{}'", option->substr(0, option->find('=')));
        std::string quoted;
        for (const auto& a : extra)
            quoted += fmt::format("{}'{}'", quoted.empty() ? "" : tr(", "), a);
        if (extra.empty()) return tr("unexpected arguments");
        return trn("unexpected argument {}", "unexpected arguments {}", extra.size(), quoted);
    }
    if (dynamic_cast<const CLI::RequiredError*>(&e)) {
        if (what.rfind("A subcommand", 0) == 0) {
            std::vector<std::string> names;
            for (const CLI::App* sub : command.get_subcommands({}))
                names.push_back(sub->get_name());
            if (&command == &app)
                // TRANSLATORS: "'complaints' needs a command, one of init, register, ..."
                return trf("'{}' needs a command, {}", command_path(app), one_of(names));
            // TRANSLATORS: "'complaints report' needs a subcommand, one of summary, ..."
            return trf("'{}' needs a subcommand, {}", command_path(app), one_of(names));
        }
        // "--to is required", "ID is required"
        constexpr std::string_view required = " is required";
        if (what.size() > required.size() && what.ends_with(required) &&
            what.find(' ') == what.size() - required.size())
            return trf("{} is required", what.substr(0, what.size() - required.size()));
        return what;
    }
    if (dynamic_cast<const CLI::ValidationError*>(&e)) {
        // "--by: wants one of day, week or month, got 'x'" from our validators.
        const auto colon = what.find(": ");
        if (colon != std::string::npos && what.compare(colon + 2, 6, "wants ") == 0)
            return what.substr(0, colon) + what.substr(colon + 1);
        return what;
    }
    if (dynamic_cast<const CLI::ConversionError*>(&e)) {
        // "Could not convert: --limit = ten"
        if (const auto rest = after(what, "Could not convert: ")) {
            const auto eq = rest->find(" = ");
            if (eq != std::string::npos) {
                const std::string name = rest->substr(0, eq);
                const CLI::Option* option = find_option(command, name);
                if (option && option->get_expected_max() == 0)
                    return trf("{} is a flag and takes no value, got '{}'", name,
                               rest->substr(eq + 3));
                const std::string wanted =
                    option ? wanted_by_type(option->get_type_name()) : tr("another value");
                return trf("{} wants {}, got '{}'", name, wanted, rest->substr(eq + 3));
            }
        }
        // "--open: Should be true/false or a number", "--open: too many inputs for a flag"
        const auto colon = what.find(": ");
        if (colon != std::string::npos && find_option(command, what.substr(0, colon)))
            return trf("{} is a flag and takes no value", what.substr(0, colon));
        return what;
    }
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
        // "--to: 1 required TEXT missing": an option at the end without its value;
        // "--to: At Most 1 required but received 2": an option given twice.
        const auto colon = what.find(": ");
        if (colon == std::string::npos) return what;
        const std::string name = what.substr(0, colon);
        if (what.find(" missing") != std::string::npos) return trf("{} needs a value", name);
        if (what.compare(colon + 2, 8, "At Most ") == 0)
            return trf("{} may be given only once", name);
        return what;
    }
    return what;
}

constexpr CommandEntry k_commands[] = {
    {"init", N_("Create the database and a starter policy file beside it"), add_init},
    {"register", N_("Record a new complaint and print its number"), add_register},
    {"assign", N_("Give a complaint to the person who handles it (or reassign it)"), add_assign},
    {"investigate", N_("Record a finding of the investigation"), add_investigate},
    {"resolve", N_("Record the handling plan that resolves a complaint"), add_resolve},
    {"revisit", N_("Record a call back to the customer after resolution"), add_revisit},
    {"contact", N_("Record a contact with the customer (the first acknowledges)"), add_contact},
    {"reject", N_("Do not accept a complaint, with a reason code"), add_reject},
    {"withdraw", N_("Record that the customer withdrew a complaint"), add_withdraw},
    {"hold", N_("Pause a complaint that cannot progress; its clocks stop"), add_hold},
    {"resume", N_("Take a complaint off hold; its deadlines move by the time held"), add_resume},
    {"edit", N_("Correct or change a complaint's fields (recomputes deadlines)"), add_edit},
    {"approve", N_("Approve the resolution proposed for a complaint awaiting approval"),
     add_approve},
    {"decline", N_("Decline a proposed resolution; the complaint goes back to investigating"),
     add_decline},
    {"attach", N_("Store files (order records, photos, chats) as evidence of a complaint"),
     add_attach},
    {"evidence", N_("List a complaint's evidence, or write the files back out"), add_evidence},
    {"show", N_("Show every field, the milestones and the history of a complaint"), add_show},
    {"list", N_("List complaints, oldest first"), add_list},
    {"report", N_("Statistics: summary, overdue, trend and milestones"), add_report},
    {"query", N_("Run one read-only SQL statement (ad-hoc statistics)"), add_query},
    {"remind", N_("E-mail each person the milestones that are overdue or due soon"), add_remind},
    {"policy", N_("Check or show the policy file"), add_policy},
    {"verify", N_("Prove the database is what the tool wrote (hash chain, replay)"), add_verify},
    {"backup", N_("Write a verified copy of the database while others keep writing"), add_backup},
    {"anonymize", N_("Erase personal data of complaints kept longer than the policy allows"),
     add_anonymize},
    {"export", N_("Write complaints with their whole history as JSON Lines (or CSV)"), add_export},
    {"import", N_("Read complaints from an export (JSON Lines) or a spreadsheet (CSV)"),
     add_import},
};

// CLI11's help with its columns lined up by display width: its own pads by
// bytes, and a Chinese character is three bytes wide in UTF-8 but two
// columns on the screen (report::display_width). Used only in a translated
// run; English help is CLI11's as it is.
class WideFormatter : public CLI::Formatter {
public:
    std::string make_option(const CLI::Option* opt, bool is_positional) const override {
        return line(make_option_name(opt, is_positional) + make_option_opts(opt),
                    make_option_desc(opt));
    }
    std::string make_subcommand(const CLI::App* sub) const override {
        return line(sub->get_display_name(true), sub->get_description());
    }
    // CLI11 ends its labels with an ASCII colon; Chinese prose takes the
    // full-width one (用法：, 选项：, 环境变量：).
    std::string make_help(const CLI::App* app, std::string name,
                          CLI::AppFormatMode mode) const override {
        std::string help = CLI::Formatter::make_help(app, std::move(name), mode);
        for (const char* label :
             {N_("Usage"), N_("Positionals"), N_("Options"), N_("Subcommands"), N_("Env")}) {
            // "用法: complaints" becomes "用法：complaints": no space after it.
            for (const char* colon : {": ", ":"}) {
                const std::string from = std::string(tr(label)) + colon;
                const std::string to = std::string(tr(label)) + "：";
                for (auto at = help.find(from); at != std::string::npos;
                     at = help.find(from, at + to.size()))
                    help.replace(at, from.size(), to);
            }
        }
        return help;
    }

private:
    // detail::format_help, by columns.
    std::string line(const std::string& name, const std::string& description) const {
        const auto width = static_cast<int>(get_column_width());
        const std::string left = "  " + name;
        const int shown = report::display_width(left);
        std::string out =
            left + std::string(static_cast<std::size_t>(std::max(0, width - shown)), ' ');
        if (!description.empty()) {
            if (shown >= width) out += "\n" + std::string(static_cast<std::size_t>(width), ' ');
            for (const char c : description) {
                out += c;
                if (c == '\n') out += std::string(static_cast<std::size_t>(width), ' ');
            }
        }
        return out + "\n";
    }
};

// The help's own words, CLI11's, in the user's language: its labels, the
// groups of options and commands, the help and version flags.
void localise_help(CLI::App& app) {
    const auto formatter = std::make_shared<WideFormatter>();
    for (const char* label :
         {N_("Usage"), N_("OPTIONS"), N_("SUBCOMMAND"), N_("SUBCOMMANDS"), N_("Positionals"),
          N_("REQUIRED"), N_("Env"), N_("Needs"), N_("Excludes"), N_("TEXT"), N_("INT"), N_("UINT"),
          N_("FLOAT"), N_("NUMBER")})
        formatter->label(label, tr(label));
    app.formatter(formatter);
    app.option_defaults()->group(tr("Options"));
    app.set_help_flag("-h,--help", tr("Print this help message and exit"));
}

// Each command's own -h,--help flag, made with the command before the group
// of options was translated, joins the translated group.
void localise_help_flags(CLI::App& app) {
    if (CLI::Option* help = app.get_help_ptr()) help->group(tr("Options"));
    for (CLI::App* sub : app.get_subcommands({})) localise_help_flags(*sub);
}

// The first argument that is not a global option or its value: the command.
std::string_view command_word(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") return i + 1 < argc ? std::string_view(argv[i + 1]) : std::string_view();
        if (arg.empty() || arg.front() != '-') return arg;
        if (std::any_of(k_global_options.begin(), k_global_options.end(),
                        [&](const GlobalOption& o) { return arg == o.name; }))
            ++i;
    }
    return {};
}

}  // namespace

int run(int argc, char** argv) {
    // The shell completion scripts' hidden command (completion/), before any
    // parsing: it is given whatever words were typed.
    if (argc > 1 && std::string_view(argv[1]) == "__complete")
        return complete(k_commands, std::vector<std::string>(argv + 2, argv + argc));
    // The interface in the user's language (SPEC §15): only when the
    // environment asks for one the tool has; an English run reads nothing.
    if (translation_asked()) {
        const std::string dir = own_directory();
        start_translating({dir + "/locale", dir + "/../share/locale", dir + "/../../share/locale",
                           COMPLAINTS_LOCALEDIR});
    }
    Context ctx;
    CLI::App app{tr("complaints: a command-line register of customer complaints, from receipt to "
                    "revisit, with working-day deadlines for every step."),
                 "complaints"};
    app.require_subcommand(1);
    app.fallthrough();
    if (translating()) localise_help(app);
    app.set_version_flag("--version", std::string("complaints ") + COMPLAINTS_VERSION,
                         tr("Display program version information and exit"));
    for (const GlobalOption& global : k_global_options) {
        CLI::Option* option =
            app.add_option(global.name, ctx.options.*global.member, tr(global.help));
        if (global.env) option->envname(global.env);
    }
    app.get_option("--format")->check(choice(domain::all_names<Format>()));
    app.get_option("--as")->check(stored_text("--as"));  // the actor is stored with each event
    // TRANSLATORS: keep the example lines as they are.
    app.footer(tr(
        "Commands that change a complaint take --at TIME (when it really happened).\n"
        "Exit status: 0 ok, 1 rows found with --exit-code, 64 usage, 65 data, 66 no such\n"
        "complaint or database, 69 helper program failed, 70 internal error, 71 out of memory,\n"
        "73 cannot create the database or file, 74 I/O or corrupt database, 75 database\n"
        "locked, 77 not allowed, 78 invalid policy. See docs/manual.md.\n\n"
        "Example:\n"
        "  id=$(complaints register --channel phone --category product --customer 'Wang Fang' \\\n"
        "         --summary 'Kettle leaks')\n"
        "  complaints assign \"$id\" --to zhang"));

    // Only the command being run gets its options: building all of them was a
    // quarter of the start-up cost of `register`. The others are listed by name
    // and description, which is all the top-level help needs.
    const std::string_view chosen = command_word(argc, argv);
    const bool known = std::any_of(std::begin(k_commands), std::end(k_commands),
                                   [&](const CommandEntry& c) { return c.name == chosen; });
    if (!chosen.empty() && !known) {
        std::string names;
        for (const auto& c : k_commands)
            names += fmt::format("{}{}", names.empty() ? "" : tr(", "), c.name);
        print_error(trf("unknown command '{}'", chosen),
                    {trf("commands: {}", names), tr("see 'complaints --help'")});
        return static_cast<int>(ExitCode::usage);
    }
    for (const auto& command : k_commands) {
        CLI::App* cmd = app.add_subcommand(std::string(command.name), tr(command.description));
        if (translating()) cmd->group(tr("Subcommands"));
        if (chosen == command.name) command.add(*cmd, ctx);
    }

    // A database on a server (SPEC §14) is the other build's to reach: handed
    // over once the command line is read, before the command runs (so that
    // nothing, not even standard input, has been touched).
    app.parse_complete_callback([&ctx, argv] {
        if (storage::is_server_url(ctx.options.db) && !storage::has_server_client())
            hand_over_to_server_build(argv);
        // Spreadsheets are the xlsx build's to write (cli/spreadsheet.hpp);
        // without a file to write, the command refuses xlsx itself (64).
        if (ctx.format() == Format::xlsx && !has_workbook_writer() && ctx.output_path &&
            *ctx.output_path != "-")
            hand_over_to_xlsx_build(argv);
        if (ctx.output_path) ctx.output_file();
    });

    try {
        app.parse(argc, argv);
        ctx.commit_output();
    } catch (const CLI::CallForHelp&) {
        if (translating()) localise_help_flags(app);
        std::fputs(app.help().c_str(), stdout);  // the help of the command given
        return 0;
    } catch (const CLI::CallForAllHelp&) {
        if (translating()) localise_help_flags(app);
        std::fputs(app.help("", CLI::AppFormatMode::All).c_str(), stdout);
        return 0;
    } catch (const CLI::CallForVersion& e) {
        std::fputs((std::string(e.what()) + "\n").c_str(), stdout);
        return 0;
    } catch (const ExitWith& e) {
        std::fflush(stdout);
        return static_cast<int>(e.code);
    } catch (const CLI::ParseError& e) {
        print_error(usage_message(e, app), {trf("see '{} --help'", command_path(app))});
        return static_cast<int>(ExitCode::usage);
    } catch (const Error& e) {
        if (e.code() == ExitCode::out_of_memory) return out_of_memory();
        print_error(e.what(), e.hints());
        return static_cast<int>(e.code());
    } catch (const std::bad_alloc&) {
        return out_of_memory();
    } catch (const std::exception& e) {
        print_error(trf("internal error: {}", e.what()),
                    {tr("this is a bug in complaints; please report it with the command you ran")});
        return static_cast<int>(ExitCode::internal);
    }
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        print_error(tr("cannot write to standard output"), {});
        return static_cast<int>(ExitCode::io);
    }
    return 0;
}

}  // namespace complaints::cli
