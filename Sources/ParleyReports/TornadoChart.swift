import Parley
import ParleySupport

/// A tornado chart as an SVG: one horizontal bar per assumption, from the chance of a deal with
/// the assumption at the low end of its range to the chance at the high end, the widest bar on
/// top, around a vertical line at the baseline chance. Deterministic: the same sensitivity gives
/// the same bytes.
public struct TornadoChart: Sendable {
    /// The title above the chart (plain text; escaped when drawn).
    public var title: String
    /// The bars, drawn in this order from the top.
    public var sensitivity: AssumptionSensitivity
    /// The SVG's width in pixels.
    public var width = 760.0

    /// A chart of `sensitivity`; `title` is plain text.
    public init(title: String, sensitivity: AssumptionSensitivity) {
        self.title = title
        self.sensitivity = sensitivity
    }

    /// A probability in percent, rid of the binary fraction's noise (0.6 is 60, not 60.000000000000007).
    static func percent(_ probability: Double) -> Double { (probability * 100 * 1e6).rounded() / 1e6 }

    /// The chart as an `<svg>` element.
    public var svg: String {
        let n = LineChart.number
        let bars = sensitivity.swings
        let rowHeight = 26.0
        let margin = (left: 250.0, right: 24.0, top: 52.0, bottom: 44.0)
        let plotWidth = max(width - margin.left - margin.right, 10)
        let height = margin.top + margin.bottom + rowHeight * Double(max(bars.count, 1))
        let values = bars.flatMap { [$0.atLow.probability, $0.atHigh.probability] } + [sensitivity.baseline.probability]
        let lowest = max(0, (values.min() ?? 0) - 0.05)
        let highest = min(1, (values.max() ?? 1) + 0.05)
        let range = lowest...max(highest, lowest + 0.01)
        func px(_ p: Double) -> Double { margin.left + (p - range.lowerBound) / LineChart.span(range) * plotWidth }
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(n(width)) \(n(height))" width="\(n(width))" height="\(n(height))" \
            font-family="Helvetica, Arial, sans-serif" font-size="11" class="tornado">

            """
        out += "<title>\(Markup.escape(title))</title>\n"
        out += "<text x=\"12\" y=\"20\" font-size=\"14\" font-weight=\"bold\">\(Markup.escape(title))</text>\n"
        out += "<rect x=\"\(n(margin.left))\" y=\"30\" width=\"12\" height=\"10\" fill=\"#e15759\"/>"
        out += "<text x=\"\(n(margin.left + 16))\" y=\"35\" dominant-baseline=\"middle\">assumption at its low end</text>"
        out += "<rect x=\"\(n(margin.left + 190))\" y=\"30\" width=\"12\" height=\"10\" fill=\"#4e79a7\"/>"
        out += "<text x=\"\(n(margin.left + 206))\" y=\"35\" dominant-baseline=\"middle\">at its high end</text>\n"
        let plotBottom = margin.top + rowHeight * Double(max(bars.count, 1))
        for tick in LineChart.ticks(range) {
            out += "<line x1=\"\(n(px(tick)))\" x2=\"\(n(px(tick)))\" y1=\"\(n(margin.top))\" y2=\"\(n(plotBottom))\" stroke=\"#e6e8ee\"/>"
            out += "<text x=\"\(n(px(tick)))\" y=\"\(n(plotBottom + 16))\" text-anchor=\"middle\">\(LineChart.label(Self.percent(tick))) %</text>\n"
        }
        let center = px(sensitivity.baseline.probability)
        for (row, bar) in bars.enumerated() {
            let y = margin.top + rowHeight * Double(row)
            let mid = y + rowHeight / 2
            let assumption = bar.assumption
            out +=
                "<text x=\"\(n(margin.left - 8))\" y=\"\(n(mid))\" text-anchor=\"end\" dominant-baseline=\"middle\">\(Markup.escape(assumption.name))</text>\n"
            for (share, end, color) in [(bar.atLow, assumption.low, "#e15759"), (bar.atHigh, assumption.high, "#4e79a7")] {
                let x = px(share.probability)
                let left = min(x, center)
                out +=
                    "<rect x=\"\(n(left))\" y=\"\(n(y + 5))\" width=\"\(n(max(abs(x - center), 1)))\" height=\"\(n(rowHeight - 10))\" fill=\"\(color)\" fill-opacity=\"0.85\">"
                out +=
                    "<title>\(Markup.escape(assumption.name)) = \(LineChart.label(end)): agreement \(LineChart.label(Self.percent(share.probability))) %</title></rect>"
            }
        }
        out +=
            "<line x1=\"\(n(center))\" x2=\"\(n(center))\" y1=\"\(n(margin.top - 4))\" y2=\"\(n(plotBottom))\" stroke=\"#1d2330\" stroke-width=\"1.5\"/>\n"
        out +=
            "<text x=\"\(n(margin.left + plotWidth / 2))\" y=\"\(n(height - 8))\" text-anchor=\"middle\">chance of agreement (baseline \(LineChart.label(Self.percent(sensitivity.baseline.probability))) %, \(sensitivity.sessions) sessions per bar end)</text>\n"
        return out + "</svg>"
    }
}
