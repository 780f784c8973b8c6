// `attach` (SPEC §11, evidence): the checks of the names and sizes of the
// files and the step itself. Reading, hashing and storing the content are
// the command's and storage's.
#include <complaints/domain/error.hpp>
#include <complaints/domain/evidence.hpp>
#include <complaints/domain/translate.hpp>

#include "step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace complaints::domain {

namespace {

bool has_control_character(const std::string& name) {
    return std::any_of(name.begin(), name.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return c < 0x20 || c == 0x7f;
    });
}

void check_name(const std::string& name) {
    if (name.empty() || name == "." || name == "..")
        throw Error(ExitCode::data, trf("cannot attach '{}': not a file name", name),
                    {tr("give the path of a file")});
    if (name.find('/') != std::string::npos || has_control_character(name))
        throw Error(ExitCode::data,
                    trf("cannot attach '{}': a file name must not contain '/' or control "
                        "characters",
                        name),
                    {tr("rename the file")});
}

}  // namespace

std::string format_size(std::int64_t bytes) {
    constexpr std::int64_t k_kb = 1024;
    if (bytes < k_kb)
        return trn("{} byte", "{} bytes", static_cast<unsigned long>(bytes < 0 ? 0 : bytes), bytes);
    constexpr std::array<const char*, 4> k_units{"KB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes) / k_kb;
    std::size_t unit = 0;
    while (value >= 1024 && unit + 1 < k_units.size()) {
        value /= 1024;
        ++unit;
    }
    return fmt::format("{:.1f} {}", value, k_units.at(unit));
}

namespace {

// "20.0 MB (20971521 bytes)": exact, for limits.
std::string exact_size(std::int64_t bytes) {
    const std::string shown = format_size(bytes);
    return bytes < 1024 ? shown : trf("{} ({} bytes)", shown, bytes);
}

}  // namespace

void check_attach_files(std::span<const EvidenceItem> files, const Policy& policy) {
    for (std::size_t i = 0; i < files.size(); ++i) {
        const EvidenceItem& file = files[i];
        check_name(file.name);
        for (std::size_t j = 0; j < i; ++j)
            if (files[j].name == file.name)
                throw Error(
                    ExitCode::data, trf("two files named '{}' in one attach", file.name),
                    {tr("rename one of them; the name identifies the file in the complaint")});
        if (file.size > policy.evidence.max_file)
            throw Error(
                ExitCode::data,
                trf("cannot attach '{}': it is {}, above [evidence] max_file {}", file.name,
                    exact_size(file.size), exact_size(policy.evidence.max_file)),
                {tr("attach a smaller file, or raise max_file in the policy's [evidence]")});
    }
}

Event attach(Complaint& c, const AttachRequest& request, std::span<const std::string> existing,
             const Policy& policy, const Stamp& stamp) {
    policy.require_actor(stamp.actor);
    if (request.files.empty()) throw Error(ExitCode::usage, tr("attach needs at least one file"));
    check_attach_files(request.files, policy);
    for (const EvidenceItem& file : request.files)
        if (std::find(existing.begin(), existing.end(), file.name) != existing.end())
            throw Error(ExitCode::data,
                        trf("complaint {} already has evidence named '{}'; rename the file", c.id,
                            file.name),
                        {trf("list it with: complaints evidence {}", c.id)});
    // Like every step: not before the latest recorded one, not in the future.
    step::require_time(c, stamp, policy);
    step::require_not_future(stamp.at, stamp, policy);
    std::optional<std::string> note;
    if (request.note) note = step::require_text("--note", *request.note);
    c.last_event_at = stamp.at;
    return step::make_event(AttachDetails{request.files, note}, stamp);
}

}  // namespace complaints::domain
