import Foundation
import ParleySupport

/// A histogram as an SVG: how many values fall in each of equal bins over a range, with a
/// shaded range (such as the 10th to 90th percentile) and vertical marks (such as the median).
/// Deterministic: the same values give the same bytes. Drawn for Monte Carlo forecasts: the
/// y axis is labelled "draws" and the bars "final outcomes (n draws)" whatever the values are.
public struct HistogramChart: Sendable {
    /// A vertical line at a value, named in the legend.
    public struct Mark: Sendable {
        /// The legend's label (plain text; escaped when drawn).
        public var name: String
        /// Where the line stands, in the units of the chart's `range`; clamped to it, and not
        /// drawn when not finite.
        public var value: Double
        /// A CSS colour, put into the SVG as given (not escaped).
        public var color: String
        /// Whether the line is dashed.
        public var dashed: Bool

        /// A mark at `value`.
        public init(name: String, value: Double, color: String, dashed: Bool = false) {
            self.name = name
            self.value = value
            self.color = color
            self.dashed = dashed
        }
    }

    /// The title above the chart (plain text; escaped when drawn).
    public var title: String
    /// The label of the x axis (plain text; escaped when drawn).
    public var xLabel: String
    /// The values counted; values that are not finite are left out of the bins but counted in
    /// the legend's number of draws.
    public var values: [Double]
    /// The range the bins cover; values outside it count in the first or last bin.
    public var range: ClosedRange<Double>
    /// The number of equal bins over `range`; must be at least 1 (the initialiser makes it so).
    public var bins: Int
    /// A shaded range behind the bars, named in the legend.
    public var shaded: (name: String, range: ClosedRange<Double>)?
    /// Vertical lines drawn over the bars, listed in the legend in this order.
    public var marks: [Mark] = []
    /// The SVG's width in pixels, the legend's 210 on the right included.
    public var width = 720.0
    /// The SVG's height in pixels, title and axis labels included.
    public var height = 320.0

    /// A histogram of `values` over `range` in `bins` bins (at least 1); `title` and `xLabel` are plain text.
    public init(title: String, xLabel: String, values: [Double], range: ClosedRange<Double>, bins: Int = 25) {
        self.title = title
        self.xLabel = xLabel
        self.values = values
        self.range = range
        self.bins = max(1, bins)
    }

    /// The number of values in each bin.
    public var counts: [Int] {
        var counts = [Int](repeating: 0, count: bins)
        let span = LineChart.span(range)
        for value in values where value.isFinite {
            let bin = Int(((value - range.lowerBound) / span * Double(bins)).rounded(.down))
            counts[min(max(bin, 0), bins - 1)] += 1
        }
        return counts
    }

    /// The chart as an `<svg>` element.
    public var svg: String {
        let n = LineChart.number
        let margin = (left: 60.0, right: 210.0, top: 36.0, bottom: 48.0)
        let plotWidth = max(width - margin.left - margin.right, 10)
        let plotHeight = max(height - margin.top - margin.bottom, 10)
        let counts = counts
        // Headroom above the tallest bar, so it does not touch the frame.
        let yMax = Double(max(counts.max() ?? 1, 1)) * 1.08
        let yTicks = LineChart.ticks(0...yMax, target: 5).filter { $0 == $0.rounded() }
        func px(_ x: Double) -> Double { margin.left + (x - range.lowerBound) / LineChart.span(range) * plotWidth }
        func py(_ y: Double) -> Double { margin.top + plotHeight - y / yMax * plotHeight }
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(n(width)) \(n(height))" width="\(n(width))" height="\(n(height))" \
            font-family="Helvetica, Arial, sans-serif" font-size="11" class="histogram">

            """
        out += "<title>\(Markup.escape(title))</title>\n"
        out += "<text x=\"\(n(margin.left))\" y=\"20\" font-size=\"14\" font-weight=\"bold\">\(Markup.escape(title))</text>\n"
        for tick in yTicks {
            out +=
                "<line x1=\"\(n(margin.left))\" x2=\"\(n(margin.left + plotWidth))\" y1=\"\(n(py(tick)))\" y2=\"\(n(py(tick)))\" stroke=\"#e6e8ee\"/>"
            out +=
                "<text x=\"\(n(margin.left - 6))\" y=\"\(n(py(tick)))\" text-anchor=\"end\" dominant-baseline=\"middle\">\(LineChart.label(tick))</text>\n"
        }
        for tick in LineChart.ticks(range) {
            out +=
                "<line x1=\"\(n(px(tick)))\" x2=\"\(n(px(tick)))\" y1=\"\(n(margin.top + plotHeight))\" y2=\"\(n(margin.top + plotHeight + 4))\" stroke=\"#333\"/>"
            out += "<text x=\"\(n(px(tick)))\" y=\"\(n(margin.top + plotHeight + 16))\" text-anchor=\"middle\">\(LineChart.label(tick))</text>\n"
        }
        if let shaded {
            let low = px(max(shaded.range.lowerBound, range.lowerBound))
            let high = px(min(shaded.range.upperBound, range.upperBound))
            out +=
                "<rect x=\"\(n(low))\" y=\"\(n(margin.top))\" width=\"\(n(max(high - low, 1)))\" height=\"\(n(plotHeight))\" fill=\"#4c78a8\" fill-opacity=\"0.15\"/>\n"
        }
        let binWidth = plotWidth / Double(bins)
        out += "<g fill=\"#4e79a7\" stroke=\"#fff\" stroke-width=\"0.5\">"
        for (bin, count) in counts.enumerated() where count > 0 {
            let low = range.lowerBound + LineChart.span(range) * Double(bin) / Double(bins)
            let high = range.lowerBound + LineChart.span(range) * Double(bin + 1) / Double(bins)
            out +=
                "<rect x=\"\(n(margin.left + binWidth * Double(bin)))\" y=\"\(n(py(Double(count))))\" width=\"\(n(binWidth))\" height=\"\(n(py(0) - py(Double(count))))\"><title>\(LineChart.label(low))–\(LineChart.label(high)): \(count)</title></rect>"
        }
        out += "</g>\n"
        for mark in marks where mark.value.isFinite {
            let x = n(px(min(max(mark.value, range.lowerBound), range.upperBound)))
            out +=
                "<line x1=\"\(x)\" x2=\"\(x)\" y1=\"\(n(margin.top))\" y2=\"\(n(margin.top + plotHeight))\" stroke=\"\(mark.color)\" stroke-width=\"2\"\(mark.dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n"
        }
        out +=
            "<rect x=\"\(n(margin.left))\" y=\"\(n(margin.top))\" width=\"\(n(plotWidth))\" height=\"\(n(plotHeight))\" fill=\"none\" stroke=\"#333\"/>\n"
        out +=
            "<text x=\"\(n(margin.left + plotWidth / 2))\" y=\"\(n(height - 8))\" text-anchor=\"middle\">\(Markup.escape(xLabel))</text>\n"
        out +=
            "<text transform=\"translate(14 \(n(margin.top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">draws</text>\n"
        // Legend.
        var row = 0.0
        let legendX = margin.left + plotWidth + 16
        func y() -> Double { margin.top + 6 + row * 16 }
        out += "<rect x=\"\(n(legendX))\" y=\"\(n(y() - 5))\" width=\"18\" height=\"10\" fill=\"#4e79a7\"/>"
        out +=
            "<text x=\"\(n(legendX + 24))\" y=\"\(n(y()))\" dominant-baseline=\"middle\">final outcomes (\(values.count) draws)</text>\n"
        row += 1
        if let shaded {
            out += "<rect x=\"\(n(legendX))\" y=\"\(n(y() - 5))\" width=\"18\" height=\"10\" fill=\"#4c78a8\" fill-opacity=\"0.15\"/>"
            out += "<text x=\"\(n(legendX + 24))\" y=\"\(n(y()))\" dominant-baseline=\"middle\">\(Markup.escape(shaded.name))</text>\n"
            row += 1
        }
        for mark in marks {
            out +=
                "<line x1=\"\(n(legendX))\" x2=\"\(n(legendX + 18))\" y1=\"\(n(y()))\" y2=\"\(n(y()))\" stroke=\"\(mark.color)\" stroke-width=\"2\"\(mark.dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
            out += "<text x=\"\(n(legendX + 24))\" y=\"\(n(y()))\" dominant-baseline=\"middle\">\(Markup.escape(mark.name))</text>\n"
            row += 1
        }
        return out + "</svg>"
    }
}
