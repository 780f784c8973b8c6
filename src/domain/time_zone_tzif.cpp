// TZif files (RFC 8536): `TimeZone::from_tzif`.

#include <complaints/domain/time.hpp>

#include "time_internal.hpp"

#include <complaints/domain/error.hpp>
#include <complaints/domain/translate.hpp>

#include <fmt/format.h>

#include <cstddef>
#include <utility>

namespace complaints::domain {

namespace {

// Reads big-endian integers from a TZif file, throwing on truncation.
class ByteReader {
public:
    ByteReader(std::string_view bytes, const std::string& name) : m_bytes(bytes), m_name(name) {}

    [[noreturn]] void fail(std::string_view why) const {
        // TRANSLATORS: the second {} is what is wrong, e.g. "truncated data".
        throw Error(ExitCode::config, trf("invalid time zone file \"{}\": {}", m_name, why));
    }

    [[nodiscard]] std::size_t remaining() const { return m_bytes.size() - m_pos; }

    void need(std::size_t n) const {
        if (remaining() < n) {
            fail(tr("truncated data"));
        }
    }

    std::string_view take(std::size_t n) {
        need(n);
        const std::string_view result = m_bytes.substr(m_pos, n);
        m_pos += n;
        return result;
    }

    void skip(std::size_t n) { take(n); }

    std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)[0]); }

    std::uint64_t big_endian(std::size_t n) {
        const std::string_view bytes = take(n);
        std::uint64_t value = 0;
        for (const char c : bytes) {
            value = (value << 8) | static_cast<std::uint8_t>(c);
        }
        return value;
    }

    std::uint32_t u32() { return static_cast<std::uint32_t>(big_endian(4)); }
    std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
    std::int64_t i64() { return static_cast<std::int64_t>(big_endian(8)); }

private:
    std::string_view m_bytes;
    const std::string& m_name;
    std::size_t m_pos = 0;
};

struct TzifHeader {
    char version = 0;
    std::uint32_t isutcnt = 0;
    std::uint32_t isstdcnt = 0;
    std::uint32_t leapcnt = 0;
    std::uint32_t timecnt = 0;
    std::uint32_t typecnt = 0;
    std::uint32_t charcnt = 0;

    // The size of the data block that follows, with `time_size`-byte times.
    [[nodiscard]] std::size_t block_size(std::size_t time_size) const {
        return std::size_t{timecnt} * (time_size + 1) + std::size_t{typecnt} * 6 + charcnt +
               std::size_t{leapcnt} * (time_size + 4) + isstdcnt + isutcnt;
    }
};

TzifHeader read_header(ByteReader& reader) {
    if (reader.take(4) != "TZif") {
        reader.fail(tr("not a TZif file"));
    }
    TzifHeader header;
    header.version = static_cast<char>(reader.u8());
    // Versions 2 to 4 share one layout; later versions are promised to stay compatible.
    if (header.version != '\0' && header.version < '2') {
        reader.fail(tr("unknown version"));
    }
    reader.skip(15);
    header.isutcnt = reader.u32();
    header.isstdcnt = reader.u32();
    header.leapcnt = reader.u32();
    header.timecnt = reader.u32();
    header.typecnt = reader.u32();
    header.charcnt = reader.u32();
    return header;
}

// Reads one data block into `data`; `time_size` is 4 (version 1) or 8.
void read_block(ByteReader& reader, const TzifHeader& header, std::size_t time_size,
                TimeZone::Data& data) {
    if (header.typecnt == 0 || header.charcnt == 0) {
        reader.fail(tr("no local time types"));
    }
    if ((header.isutcnt != 0 && header.isutcnt != header.typecnt) ||
        (header.isstdcnt != 0 && header.isstdcnt != header.typecnt)) {
        reader.fail(tr("inconsistent counts"));
    }
    // Check the whole size first, so that absurd counts never cause large allocations.
    reader.need(header.block_size(time_size));

    data.transition_times.reserve(header.timecnt);
    for (std::uint32_t i = 0; i < header.timecnt; ++i) {
        const std::int64_t t = time_size == 4 ? reader.i32() : reader.i64();
        if (!data.transition_times.empty() && t <= data.transition_times.back()) {
            reader.fail(tr("transitions out of order"));
        }
        data.transition_times.push_back(t);
    }
    std::vector<std::uint8_t> type_indexes(header.timecnt);
    for (auto& index : type_indexes) {
        index = reader.u8();
        if (index >= header.typecnt) {
            reader.fail(tr("bad local time type index"));
        }
    }
    std::vector<std::int32_t> offsets(header.typecnt);
    for (auto& offset : offsets) {
        offset = reader.i32();
        const std::uint8_t is_dst = reader.u8();
        const std::uint8_t abbreviation = reader.u8();
        // RFC 8536 bounds: -25h+1s to 26h-1s.
        if (offset < -89999 || offset > 93599 || is_dst > 1 || abbreviation >= header.charcnt) {
            reader.fail(tr("bad local time type"));
        }
    }
    // Abbreviations, leap seconds (time + correction), standard/wall and UT/local
    // indicators: not needed to map instants to wall-clock time.
    reader.skip(header.charcnt);
    reader.skip(std::size_t{header.leapcnt} * (time_size + 4));
    reader.skip(header.isstdcnt);
    reader.skip(header.isutcnt);

    data.initial_offset = offsets[0];
    data.transition_offsets.reserve(header.timecnt);
    for (const std::uint8_t index : type_indexes) {
        data.transition_offsets.push_back(offsets[index]);
    }
}

}  // namespace

TimeZone TimeZone::from_tzif(std::string name, std::string_view bytes) {
    auto data = std::make_shared<Data>();
    data->name = std::move(name);
    ByteReader reader(bytes, data->name);

    const TzifHeader first = read_header(reader);
    if (first.version == '\0') {
        read_block(reader, first, 4, *data);
    } else {
        // Version 2+: the 32-bit block is only there for old readers.
        reader.skip(first.block_size(4));
        const TzifHeader second = read_header(reader);
        read_block(reader, second, 8, *data);
        if (reader.u8() != '\n') {
            reader.fail(tr("bad footer"));
        }
        const std::string_view rest = reader.take(reader.remaining());
        const std::size_t newline = rest.find('\n');
        if (newline == std::string_view::npos || newline + 1 != rest.size()) {
            reader.fail(tr("bad footer"));
        }
        const std::string_view footer = rest.substr(0, newline);
        if (!footer.empty()) {
            data->rule = detail::parse_posix_rule(footer);
            if (!data->rule) {
                reader.fail(trf("bad footer \"{}\"", footer));
            }
        }
    }
    if (reader.remaining() != 0) {
        reader.fail(tr("trailing data"));
    }
    return TimeZone(std::move(data));
}

}  // namespace complaints::domain
