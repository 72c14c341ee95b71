import Foundation
import Parley
import ParleySupport

/// An SVG line chart with axes, ticks, a legend and optional shaded bands (for percentile
/// ranges), self-contained and deterministic: the same data gives the same bytes.
public struct LineChart: Sendable {
    /// A point of a series, in data units (the axes' units, y upwards).
    public struct Point: Hashable, Sendable {
        /// The horizontal position, in data units.
        public var x: Double
        /// The vertical position, in data units; larger values are drawn higher.
        public var y: Double

        /// The point (`x`, `y`).
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// One line.
    public struct Series: Sendable {
        /// The legend's label (plain text; escaped when drawn).
        public var name: String
        /// The points, joined in this order (not sorted by x); one point alone is drawn as a dot.
        public var points: [Point]
        /// A CSS colour, put into the SVG as given (not escaped); nil picks one from the palette
        /// by the series' index.
        public var color: String?
        /// Whether the line is dashed.
        public var dashed: Bool
        /// Whether each point is drawn as a dot too (proposals, rather than a continuous curve).
        public var dots: Bool

        /// A series named `name` (plain text).
        public init(name: String, points: [Point], color: String? = nil, dashed: Bool = false, dots: Bool = false) {
            self.name = name
            self.points = points
            self.color = color
            self.dashed = dashed
            self.dots = dots
        }
    }

    /// A shaded area between two curves that share x values (such as the 10th and 90th percentiles).
    public struct Band: Sendable {
        /// The legend's label (plain text; escaped when drawn).
        public var name: String
        /// (x, lower, upper) triples in data units, in order of x: the upper curve is drawn
        /// forwards and the lower one back, as one polygon.
        public var points: [(x: Double, lower: Double, upper: Double)]
        /// A CSS colour, put into the SVG as given (not escaped); filled at 20 % opacity.
        public var color: String

        /// A band named `name` (plain text).
        public init(name: String, points: [(x: Double, lower: Double, upper: Double)], color: String = "#4c78a8") {
            self.name = name
            self.points = points
            self.color = color
        }
    }

    /// The title above the chart (plain text; escaped when drawn).
    public var title: String
    /// The label of the x axis (plain text; escaped when drawn).
    public var xLabel: String
    /// The label of the y axis (plain text; escaped when drawn).
    public var yLabel: String
    /// The lines, drawn over the bands; listed in the legend after the bands.
    public var series: [Series] = []
    /// The shaded bands, drawn under the lines.
    public var bands: [Band] = []
    /// The fixed range of the x axis, in data units; nil fits the data. Points outside it are
    /// not clipped.
    public var xRange: ClosedRange<Double>?
    /// The fixed range of the y axis, in data units; nil fits the data. Points outside it are
    /// not clipped.
    public var yRange: ClosedRange<Double>?
    /// The SVG's width in pixels, the legend (210 on the right, when there is a series or a band) included.
    public var width: Double = 720
    /// The SVG's height in pixels, title and axis labels included.
    public var height: Double = 380

    /// An empty chart; `title` and the labels are plain text, the ranges nil to fit the data.
    public init(title: String, xLabel: String, yLabel: String, xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xRange = xRange
        self.yRange = yRange
    }

    /// A colour-blind-friendly palette (Tableau 10).
    public static let palette = [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]

    /// The chart as an `<svg>` element.
    public var svg: String {
        let legendRows = series.count + bands.count
        let legendWidth = 190.0
        let margin = (left: 60.0, right: legendRows > 0 ? legendWidth + 20 : 20, top: 36.0, bottom: 48.0)
        let plotWidth = max(width - margin.left - margin.right, 10)
        let plotHeight = max(height - margin.top - margin.bottom, 10)

        let xs = series.flatMap { $0.points.map(\.x) } + bands.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { $0.points.map(\.y) } + bands.flatMap { $0.points.flatMap { [$0.lower, $0.upper] } }
        let xDomain = xRange ?? Self.fit(xs)
        let yDomain = yRange ?? Self.fit(ys)
        let xTicks = Self.ticks(xDomain)
        let yTicks = Self.ticks(yDomain)
        func px(_ x: Double) -> Double { margin.left + (x - xDomain.lowerBound) / Self.span(xDomain) * plotWidth }
        func py(_ y: Double) -> Double { margin.top + plotHeight - (y - yDomain.lowerBound) / Self.span(yDomain) * plotHeight }

        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Self.number(width)) \(Self.number(height))" \
            width="\(Self.number(width))" height="\(Self.number(height))" font-family="Helvetica, Arial, sans-serif" font-size="11">

            """
        out += "<title>\(Markup.escape(title))</title>\n"
        out += "<text x=\"\(Self.number(margin.left))\" y=\"20\" font-size=\"14\" font-weight=\"bold\">\(Markup.escape(title))</text>\n"
        // Grid and ticks.
        for tick in yTicks {
            let y = Self.number(py(tick))
            out +=
                "<line x1=\"\(Self.number(margin.left))\" x2=\"\(Self.number(margin.left + plotWidth))\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#e6e8ee\"/>\n"
            out +=
                "<text x=\"\(Self.number(margin.left - 6))\" y=\"\(y)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(Self.label(tick))</text>\n"
        }
        for tick in xTicks {
            let x = Self.number(px(tick))
            out +=
                "<line x1=\"\(x)\" x2=\"\(x)\" y1=\"\(Self.number(margin.top + plotHeight))\" y2=\"\(Self.number(margin.top + plotHeight + 4))\" stroke=\"#333\"/>\n"
            out += "<text x=\"\(x)\" y=\"\(Self.number(margin.top + plotHeight + 16))\" text-anchor=\"middle\">\(Self.label(tick))</text>\n"
        }
        out +=
            "<rect x=\"\(Self.number(margin.left))\" y=\"\(Self.number(margin.top))\" width=\"\(Self.number(plotWidth))\" height=\"\(Self.number(plotHeight))\" fill=\"none\" stroke=\"#333\"/>\n"
        out +=
            "<text x=\"\(Self.number(margin.left + plotWidth / 2))\" y=\"\(Self.number(height - 8))\" text-anchor=\"middle\">\(Markup.escape(xLabel))</text>\n"
        out +=
            "<text transform=\"translate(14 \(Self.number(margin.top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(Markup.escape(yLabel))</text>\n"
        // Bands under lines.
        for band in bands where !band.points.isEmpty {
            let upper = band.points.map { "\(Self.number(px($0.x))),\(Self.number(py($0.upper)))" }
            let lower = band.points.reversed().map { "\(Self.number(px($0.x))),\(Self.number(py($0.lower)))" }
            out += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(band.color)\" fill-opacity=\"0.2\" stroke=\"none\"/>\n"
        }
        for (index, line) in series.enumerated() where !line.points.isEmpty {
            let color = line.color ?? Self.palette[index % Self.palette.count]
            let points = line.points.map { "\(Self.number(px($0.x))),\(Self.number(py($0.y)))" }.joined(separator: " ")
            out +=
                "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n"
            if line.dots {
                out += "<g fill=\"\(color)\" stroke=\"#fff\" stroke-width=\"0.8\">"
                for point in line.points { out += "<circle cx=\"\(Self.number(px(point.x)))\" cy=\"\(Self.number(py(point.y)))\" r=\"3.2\"/>" }
                out += "</g>\n"
            } else if line.points.count == 1, let only = line.points.first {
                out += "<circle cx=\"\(Self.number(px(only.x)))\" cy=\"\(Self.number(py(only.y)))\" r=\"3\" fill=\"\(color)\"/>\n"
            }
        }
        // Legend.
        var row = 0.0
        let legendX = margin.left + plotWidth + 16
        for band in bands {
            let y = margin.top + 6 + row * 16
            out +=
                "<rect x=\"\(Self.number(legendX))\" y=\"\(Self.number(y - 5))\" width=\"18\" height=\"10\" fill=\"\(band.color)\" fill-opacity=\"0.2\"/>\n"
            out +=
                "<text x=\"\(Self.number(legendX + 24))\" y=\"\(Self.number(y))\" dominant-baseline=\"middle\">\(Markup.escape(band.name))</text>\n"
            row += 1
        }
        for (index, line) in series.enumerated() {
            let y = margin.top + 6 + row * 16
            let color = line.color ?? Self.palette[index % Self.palette.count]
            out +=
                "<line x1=\"\(Self.number(legendX))\" x2=\"\(Self.number(legendX + 18))\" y1=\"\(Self.number(y))\" y2=\"\(Self.number(y))\" stroke=\"\(color)\" stroke-width=\"2\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n"
            out +=
                "<text x=\"\(Self.number(legendX + 24))\" y=\"\(Self.number(y))\" dominant-baseline=\"middle\">\(Markup.escape(line.name))</text>\n"
            row += 1
        }
        out += "</svg>"
        return out
    }

    static func span(_ range: ClosedRange<Double>) -> Double { max(range.upperBound - range.lowerBound, 1e-12) }

    /// A range around the values, padded when they are all equal.
    static func fit(_ values: [Double]) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        if low == high { return (low - 1)...(high + 1) }
        return low...high
    }

    /// Round ticks (1, 2 or 5 times a power of ten) inside the range, about six of them.
    public static func ticks(_ range: ClosedRange<Double>, target: Int = 6) -> [Double] {
        let raw = span(range) / Double(max(target, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var ticks: [Double] = []
        var tick = ceil(range.lowerBound / step) * step
        while tick <= range.upperBound + step * 1e-9 {
            ticks.append(abs(tick) < step * 1e-9 ? 0 : tick)
            tick += step
        }
        return ticks
    }

    /// Coordinates with at most two decimals.
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : "\(rounded)"
    }

    /// Tick labels: integers without a fraction, others with up to three significant decimals.
    static func label(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        let rounded = (value * 1000).rounded() / 1000
        return "\(rounded)"
    }
}
