// `TimeZone`: UTC, zones from POSIX TZ strings, and the mapping between
// instants and wall-clock time.

#include <complaints/domain/time.hpp>

#include "time_internal.hpp"

#include <algorithm>
#include <utility>

namespace complaints::domain {

namespace {

using std::chrono::days;
using std::chrono::seconds;

}  // namespace

TimeZone TimeZone::utc() {
    // Shared, so that asking for UTC repeatedly does not allocate.
    static const auto k_utc = [] {
        auto data = std::make_shared<Data>();
        data->name = "UTC";
        return std::shared_ptr<const Data>(std::move(data));
    }();
    return TimeZone(k_utc);
}

std::optional<TimeZone> TimeZone::from_posix(std::string_view spec) {
    auto rule = detail::parse_posix_rule(spec);
    if (!rule) {
        return std::nullopt;
    }
    auto data = std::make_shared<Data>();
    data->name = std::string(spec);
    data->initial_offset = rule->std_offset;
    data->rule = *rule;
    return TimeZone(std::move(data));
}

const std::string& TimeZone::name() const {
    return m_data->name;
}

std::chrono::seconds TimeZone::offset_at(Instant t) const {
    const Data& data = *m_data;
    const std::int64_t s = t.time_since_epoch().count();
    const auto& times = data.transition_times;
    if (times.empty()) {
        return seconds{data.rule ? data.rule->offset_at(s) : data.initial_offset};
    }
    if (s < times.front()) {
        return seconds{data.initial_offset};
    }
    if (s > times.back() && data.rule) {
        return seconds{data.rule->offset_at(s)};
    }
    const auto after = std::upper_bound(times.begin(), times.end(), s);
    const auto index = static_cast<std::size_t>(after - times.begin()) - 1;
    return seconds{data.transition_offsets[index]};
}

LocalTime TimeZone::to_local(Instant t) const {
    return LocalTime{t.time_since_epoch() + offset_at(t)};
}

Instant TimeZone::to_instant(LocalTime local) const {
    // Offsets in force a day either side bracket any single transition near `local`
    // (offsets stay well under a day). Each is tried; a consistent one is an answer.
    const Instant as_utc{local.time_since_epoch()};
    const seconds before = offset_at(as_utc - days{1});
    const seconds after = offset_at(as_utc + days{1});
    const Instant with_before = as_utc - before;
    const Instant with_after = as_utc - after;
    const bool before_fits = offset_at(with_before) == before;
    const bool after_fits = offset_at(with_after) == after;
    if (before_fits && after_fits) {
        return std::min(with_before, with_after);  // overlap: the earlier instant
    }
    if (after_fits) {
        return with_after;
    }
    // Either `before` fits, or `local` is in a gap: reading it with the offset in
    // force before the gap moves it forward by the gap's length.
    return with_before;
}

}  // namespace complaints::domain
