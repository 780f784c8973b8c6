// The renderers of `report monthly` (SPEC §15): the SVG bar chart, the HTML
// escaping and the page as a whole (self-contained, labels from the policy).
#include <complaints/policy/policy_file.hpp>
#include <complaints/report/monthly.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <map>
#include <regex>
#include <string>
#include <vector>

using namespace complaints;

namespace {

// The height of each bar of `svg`, by its order in the document.
std::vector<double> bar_heights(const std::string& svg) {
    static const std::regex k_bar(
        R"re(<rect class="bar [^"]*" data-value="(-?\d+)"[^>]* height="([^"]+)")re");
    std::vector<double> out;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), k_bar);
         it != std::sregex_iterator(); ++it)
        out.push_back(std::stod((*it)[2].str()));
    return out;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
    return n;
}

domain::Instant at(const char* utc) {
    return *domain::parse_time(utc, domain::TimeZone::utc(), domain::Instant{});
}

}  // namespace

TEST_CASE("chart_axis_max") {
    CHECK(report::chart_axis_max(0) == 4);
    CHECK(report::chart_axis_max(-3) == 4);
    CHECK(report::chart_axis_max(1) == 4);
    CHECK(report::chart_axis_max(4) == 4);
    CHECK(report::chart_axis_max(5) == 8);
    CHECK(report::chart_axis_max(10) == 12);
    CHECK(report::chart_axis_max(100) == 120);
    CHECK(report::chart_axis_max(1001) == 1200);
    for (long long max : {1LL, 7LL, 13LL, 99LL, 250LL, 12345LL}) {
        const long long axis = report::chart_axis_max(max);
        CHECK(axis >= max);
        CHECK(axis % 4 == 0);
        CHECK(axis < 2 * max + 8);  // the highest bar fills at least about half the plot
    }
}

TEST_CASE("bar_chart_svg") {
    SUBCASE("bar heights are proportional to the values") {
        const std::string svg = report::bar_chart_svg(
            "t", {"2026-01", "2026-02", "2026-03"},
            {{"Received", "received", {0, 5, 10}}, {"Closed", "closed", {3, 6, 12}}});
        const auto h = bar_heights(svg);
        // Group by group: received then closed.
        REQUIRE(h.size() == 6);
        CHECK(h[0] == 0.0);
        CHECK(h[2] > 0.0);
        CHECK(h[4] == doctest::Approx(2 * h[2]).epsilon(0.01));
        CHECK(h[3] == doctest::Approx(2 * h[1]).epsilon(0.01));
        CHECK(h[5] == doctest::Approx(4 * h[1]).epsilon(0.01));
        // The axis is 12: the highest bar (12) fills the plot, 234 units high.
        CHECK(h[5] == doctest::Approx(234.0));
        CHECK(svg.find(">12</text>") != std::string::npos);
        CHECK(count(svg, "class=\"label\"") == 3);
        CHECK(svg.find(">2026-02</text>") != std::string::npos);
        // Values above non-empty bars only.
        CHECK(count(svg, "class=\"value\"") == 5);
    }
    SUBCASE("all zero: flat bars, no NaN, an axis from 0 to 4") {
        const std::string svg =
            report::bar_chart_svg("t", {"a", "b"}, {{"Received", "received", {0, 0}}});
        for (const double h : bar_heights(svg)) CHECK(h == 0.0);
        CHECK(bar_heights(svg).size() == 2);
        CHECK(svg.find("nan") == std::string::npos);
        CHECK(svg.find("inf") == std::string::npos);
        CHECK(svg.find(">4</text>") != std::string::npos);
    }
    SUBCASE("no labels at all: still a valid, empty chart") {
        const std::string svg = report::bar_chart_svg("t", {}, {});
        CHECK(bar_heights(svg).empty());
        CHECK(svg.find("nan") == std::string::npos);
        CHECK(svg.rfind("</svg>") != std::string::npos);
    }
    SUBCASE("text is escaped") {
        const std::string svg =
            report::bar_chart_svg("<b>&", {"<x>"}, {{"\"q\"", "received", {1}}});
        CHECK(svg.find("<b>") == std::string::npos);
        CHECK(svg.find("&lt;b&gt;&amp;") != std::string::npos);
        CHECK(svg.find("&lt;x&gt;") != std::string::npos);
        CHECK(svg.find("&quot;q&quot;") != std::string::npos);
    }
}

TEST_CASE("html_escape") {
    CHECK(report::html_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
    CHECK(report::html_escape("快递 未送达") == "快递 未送达");
    CHECK(report::html_escape("x\x1b[31my") == "x\\x1b[31my");
    CHECK(report::html_escape("bad \xff byte") == "bad \xef\xbf\xbd byte");
}

TEST_CASE("monthly_html") {
    const domain::Policy policy = policy::parse(
        "[organization]\nname = \"示例 <餐饮>\"\ntimezone = \"UTC\"\n"
        "[category.dish]\nlabel = \"菜品\"\n[category.money]\nlabel = \"收费\"\n",
        "p.toml");
    report::MonthlyReport r;
    r.month = {"2026-11", at("2026-11-01 00:00"), at("2026-12-01 00:00")};
    r.previous = {"2026-10", at("2026-10-01 00:00"), at("2026-11-01 00:00")};
    r.current.received = 7;
    r.before.received = 9;
    r.current.on_time[0] = 0.5;
    r.before.on_time[0] = 0.25;
    r.current.paid = {{"CNY", 12850, 1}};
    for (int i = 0; i < 12; ++i) {
        r.trend_periods.push_back({fmt::format("m{}", i), {}, {}});
        r.trend.push_back({i, 0, i / 2, 0});
    }
    r.by_category = {storage::SummaryRow{.group = "dish", .received = 3},
                     storage::SummaryRow{.group = "money", .received = 1},
                     storage::SummaryRow{.group = std::nullopt, .received = 0}};
    storage::OverdueRow o;
    o.id = "20261101-TEL-001";
    o.milestone = domain::Milestone::resolve;
    o.due = at("2026-11-20 00:00");
    o.summary = "<script>alert(1)</script>";
    r.overdue = {o};
    r.overdue_total = 3;
    r.head = {42, std::string(64, 'a')};
    r.generated_at = at("2026-12-02 10:00");
    const std::string html = report::monthly_html(r, {policy, r.generated_at});

    CHECK(html.starts_with("<!DOCTYPE html>"));
    CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
    CHECK(html.find("<meta name=\"viewport\"") != std::string::npos);
    CHECK(html.find("@media print") != std::string::npos);
    CHECK(html.find("Noto Sans CJK SC") != std::string::npos);
    // Self-contained: nothing fetched, nothing run.
    for (const char* banned :
         {"<script", "http://", "https://", "src=", "@import", "url(", "<link"})
        CHECK_MESSAGE(html.find(banned) == std::string::npos, banned);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    // The organisation and the policy's labels, escaped.
    CHECK(html.find("示例 &lt;餐饮&gt;: complaints report, 2026-11") != std::string::npos);
    CHECK(html.find(">菜品</td>") != std::string::npos);
    CHECK(html.find(">收费</td>") != std::string::npos);
    CHECK(html.find(">75.0%</td>") != std::string::npos);  // dish: 3 of 4
    // A group with nothing received is left out.
    CHECK(html.find("(none)") == std::string::npos);
    // The figures beside the month before, with the change.
    CHECK(html.find("▼ 2") != std::string::npos);
    CHECK(html.find("▲ 25.0 pp") != std::string::npos);
    CHECK(html.find("128.50 CNY") != std::string::npos);
    CHECK(html.find("▲ 128.50") != std::string::npos);
    // One chart of 24 bars; overdue capped with the rest counted; the head.
    CHECK(count(html, "<svg class=\"chart\"") == 1);
    CHECK(count(html, "<rect class=\"bar ") == 24);
    CHECK(html.find("and 2 more") != std::string::npos);
    CHECK(html.find("Event 42 of the history, taken 2026-12-02 10:00") != std::string::npos);
    CHECK(html.find(std::string(64, 'a')) != std::string::npos);
}
