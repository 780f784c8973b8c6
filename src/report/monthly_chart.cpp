// The SVG bar chart and the HTML escaping of `report monthly` (SPEC §15).
#include <complaints/domain/text.hpp>
#include <complaints/report/monthly.hpp>
#include <complaints/report/table.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace complaints::report {

std::string html_escape(std::string_view text) {
    const std::string safe = domain::printable(text, domain::Breaks::space);
    std::string out;
    out.reserve(safe.size());
    for (const char c : safe) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

long long chart_axis_max(long long max) {
    if (max <= 0) return 4;
    // The step of 4 ticks: (max / 4) rounded up to 1, 2, 3, 4, 5, 6 or 8
    // times a power of ten, so that the highest bar fills most of the plot.
    const long long raw = (max + 3) / 4;
    for (long long power = 1;; power *= 10)
        for (const long long m : {1, 2, 3, 4, 5, 6, 8})
            if (m * power >= raw) return m * power * 4;
}

namespace {

// Chart geometry, in SVG user units (the chart scales to its container).
constexpr double k_width = 720, k_height = 300;
constexpr double k_left = 48, k_right = 12, k_top = 36, k_bottom = 30;
constexpr double k_plot_w = k_width - k_left - k_right;
constexpr double k_plot_h = k_height - k_top - k_bottom;

std::string num(double v) {
    return fmt::format("{:.1f}", v);
}

}  // namespace

std::string bar_chart_svg(std::string_view title, const std::vector<std::string>& labels,
                          const std::vector<ChartSeries>& series) {
    long long max = 0;
    for (const auto& s : series)
        for (const long long v : s.values) max = std::max(max, v);
    const long long axis = chart_axis_max(max);
    const double groups = static_cast<double>(std::max<std::size_t>(labels.size(), 1));
    const double group_w = k_plot_w / groups;
    const double bar_w =
        group_w * 0.72 / static_cast<double>(std::max<std::size_t>(series.size(), 1));

    std::string svg = fmt::format(
        "<svg class=\"chart\" viewBox=\"0 0 {} {}\" "
        "role=\"img\" aria-label=\"{}\"><title>{}</title>\n",
        k_width, k_height, html_escape(title), html_escape(title));
    // The axis: 5 grid lines (0 and 4 ticks) with their values.
    for (int tick = 0; tick <= 4; ++tick) {
        const double y = k_top + k_plot_h - k_plot_h * tick / 4.0;
        svg += fmt::format(
            "<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>"
            "<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
            num(k_left), num(y), num(k_width - k_right), num(y), num(k_left - 6), num(y + 4),
            axis * tick / 4);
    }
    // The legend, top left.
    double legend_x = k_left;
    for (const auto& s : series) {
        svg += fmt::format(
            "<rect class=\"key {}\" x=\"{}\" y=\"10\" width=\"12\" height=\"12\"/>"
            "<text class=\"legend\" x=\"{}\" y=\"21\">{}</text>\n",
            html_escape(s.css_class), num(legend_x), num(legend_x + 16), html_escape(s.name));
        // About 8 units a column: a Chinese name (two columns a character) too.
        legend_x += 28 + 8.0 * static_cast<double>(display_width(s.name));
    }
    for (std::size_t g = 0; g < labels.size(); ++g) {
        const double group_x = k_left + group_w * static_cast<double>(g);
        for (std::size_t i = 0; i < series.size(); ++i) {
            const long long v = g < series[i].values.size() ? series[i].values[g] : 0;
            const double h =
                k_plot_h * static_cast<double>(std::max(v, 0LL)) / static_cast<double>(axis);
            const double x = group_x + group_w * 0.14 + bar_w * static_cast<double>(i);
            const double y = k_top + k_plot_h - h;
            svg += fmt::format(
                "<rect class=\"bar {}\" data-value=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" "
                "height=\"{}\"/>",
                html_escape(series[i].css_class), v, num(x), num(y), num(bar_w * 0.92), num(h));
            // The value above its bar; none above an empty one, so that zeros do not clutter.
            if (v != 0)
                svg += fmt::format(
                    "<text class=\"value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                    num(x + bar_w * 0.46), num(y - 3), v);
            svg += "\n";
        }
        svg += fmt::format(
            "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
            num(group_x + group_w / 2), num(k_height - 10), html_escape(labels[g]));
    }
    svg += fmt::format("<line class=\"baseline\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n",
                       num(k_left), num(k_top + k_plot_h), num(k_width - k_right),
                       num(k_top + k_plot_h));
    return svg + "</svg>\n";
}

}  // namespace complaints::report
