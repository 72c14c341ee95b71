import Foundation
import Parley
import ParleySupport

/// The utility space of two parties as an SVG scatter chart: every outcome as a faint dot,
/// the Pareto frontier, the reservation values, marked solutions, and trajectories of offers.
///
/// Every point is a pair of utilities, x the first party's and y the second's, drawn on a
/// square where 0 and 1 sit `inset` pixels inside the frame (y upwards); points outside 0...1
/// are not clipped. Names and labels are plain text, escaped when drawn; colours are CSS
/// colours put into the SVG as given (not escaped).
public struct UtilitySpaceChart: Sendable {
    /// One actor's proposals, joined by a line in the given order.
    public struct Trajectory: Sendable {
        /// The legend's label (plain text).
        public var name: String
        /// The proposals' utilities, (first party, second party), in order.
        public var points: [(x: Double, y: Double)]
        /// A CSS colour for the line and its dots.
        public var color: String
        /// A trajectory named `name` (plain text).
        public init(name: String, points: [(x: Double, y: Double)], color: String) {
            self.name = name
            self.points = points
            self.color = color
        }
    }

    /// One point marked with a symbol, such as a solution or the agreement, named in the legend.
    public struct Marker: Sendable {
        /// The symbol: a filled star, diamond or square, or an open ring.
        public enum Shape: Sendable { case star, diamond, ring, square }
        /// The legend's label (plain text).
        public var name: String
        /// The first party's utility.
        public var x: Double
        /// The second party's utility.
        public var y: Double
        /// The symbol drawn.
        public var shape: Shape
        /// A CSS colour for the symbol.
        public var color: String
        /// A marker named `name` (plain text) at (`x`, `y`).
        public init(name: String, x: Double, y: Double, shape: Shape, color: String) {
            self.name = name
            self.x = x
            self.y = y
            self.shape = shape
            self.color = color
        }
    }

    /// The title above the chart (plain text; escaped when drawn).
    public var title: String
    /// The label of the x axis, the first party's utility (plain text).
    public var xLabel: String
    /// The label of the y axis, the second party's utility (plain text).
    public var yLabel: String
    /// Outcomes drawn as dots.
    public var cloud: [(x: Double, y: Double)] = []
    /// The Pareto frontier's points, in any order: they are sorted by x before being joined.
    public var frontier: [(x: Double, y: Double)] = []
    /// Whether the frontier is a curve to join (two parties) or a projection to scatter.
    public var frontierIsCurve = true
    /// The two reservation values, drawn as dashed lines across the square; nil draws none.
    public var reservation: (x: Double, y: Double)?
    /// Proposals by actor, drawn over the frontier.
    public var trajectories: [Trajectory] = []
    /// Marked points, drawn last; the first is on top and first in the legend.
    public var markers: [Marker] = []
    /// The square's side plus its 72 pixels of left margin and padding; the SVG is 200 pixels
    /// wider, for the legend.
    public var size = 520.0
    /// Pixels between the frame and utilities 0 and 1, so offers on the edges of the space
    /// are drawn inside the frame rather than on it.
    public var inset = 8.0

    /// An empty chart; `title` and the labels are plain text.
    public init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// The chart as an `<svg>` element.
    public var svg: String {
        let legendWidth = 200.0
        let margin = (left: 56.0, top: 34.0, bottom: 46.0)
        let plot = size - margin.left - 16
        let width = size + legendWidth
        let height = margin.top + plot + margin.bottom
        let n = LineChart.number
        let inner = plot - 2 * inset
        func px(_ x: Double) -> Double { margin.left + inset + x * inner }
        func py(_ y: Double) -> Double { margin.top + plot - inset - y * inner }
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(n(width)) \(n(height))" width="\(n(width))" height="\(n(height))" \
            font-family="Helvetica, Arial, sans-serif" font-size="11">
            <title>\(Markup.escape(title))</title>
            <text x="\(n(margin.left))" y="20" font-size="14" font-weight="bold">\(Markup.escape(title))</text>

            """
        for tick in LineChart.ticks(0...1, target: 5) {
            out += "<line x1=\"\(n(px(0)))\" x2=\"\(n(px(1)))\" y1=\"\(n(py(tick)))\" y2=\"\(n(py(tick)))\" stroke=\"#eceef3\"/>"
            out += "<line x1=\"\(n(px(tick)))\" x2=\"\(n(px(tick)))\" y1=\"\(n(py(0)))\" y2=\"\(n(py(1)))\" stroke=\"#eceef3\"/>"
            out +=
                "<text x=\"\(n(margin.left - 6))\" y=\"\(n(py(tick)))\" text-anchor=\"end\" dominant-baseline=\"middle\">\(LineChart.label(tick))</text>"
            out += "<text x=\"\(n(px(tick)))\" y=\"\(n(margin.top + plot + 16))\" text-anchor=\"middle\">\(LineChart.label(tick))</text>\n"
        }
        out += "<rect x=\"\(n(margin.left))\" y=\"\(n(margin.top))\" width=\"\(n(plot))\" height=\"\(n(plot))\" fill=\"none\" stroke=\"#333\"/>\n"
        out += "<text x=\"\(n(px(0.5)))\" y=\"\(n(height - 8))\" text-anchor=\"middle\">\(Markup.escape(xLabel))</text>\n"
        out += "<text transform=\"translate(14 \(n(py(0.5)))) rotate(-90)\" text-anchor=\"middle\">\(Markup.escape(yLabel))</text>\n"
        if !cloud.isEmpty {
            out += "<g fill=\"#9aa3b5\" fill-opacity=\"0.35\">"
            for point in cloud { out += "<circle cx=\"\(n(px(point.x)))\" cy=\"\(n(py(point.y)))\" r=\"1.3\"/>" }
            out += "</g>\n"
        }
        if let reservation {
            out += "<g stroke=\"#c03\" stroke-dasharray=\"4 3\" stroke-width=\"1\">"
            out += "<line x1=\"\(n(px(reservation.x)))\" x2=\"\(n(px(reservation.x)))\" y1=\"\(n(py(0)))\" y2=\"\(n(py(1)))\"/>"
            out += "<line x1=\"\(n(px(0)))\" x2=\"\(n(px(1)))\" y1=\"\(n(py(reservation.y)))\" y2=\"\(n(py(reservation.y)))\"/></g>\n"
        }
        if !frontier.isEmpty {
            let sorted = frontier.sorted { $0.x < $1.x }
            // A frontier of more than two parties, projected, is a cloud: no line through it.
            if frontierIsCurve {
                out +=
                    "<polyline points=\"\(sorted.map { "\(n(px($0.x))),\(n(py($0.y)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"#222\" stroke-width=\"1.5\"/>\n"
            }
            for point in sorted { out += "<circle cx=\"\(n(px(point.x)))\" cy=\"\(n(py(point.y)))\" r=\"2.5\" fill=\"#222\"/>" }
            out += "\n"
        }
        for trajectory in trajectories where !trajectory.points.isEmpty {
            out +=
                "<polyline points=\"\(trajectory.points.map { "\(n(px($0.x))),\(n(py($0.y)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(trajectory.color)\" stroke-width=\"1.6\" stroke-opacity=\"0.85\"/>"
            for point in trajectory.points {
                out +=
                    "<circle cx=\"\(n(px(point.x)))\" cy=\"\(n(py(point.y)))\" r=\"3.2\" fill=\"\(trajectory.color)\" fill-opacity=\"0.9\" stroke=\"#fff\" stroke-width=\"0.8\"/>"
            }
            out += "\n"
        }
        // Drawn last first, so the first marker (the one the legend lists first) is on top.
        for marker in markers.reversed() { out += shape(marker.shape, x: px(marker.x), y: py(marker.y), color: marker.color) + "\n" }
        // Legend.
        var row = 0.0
        let legendX = size + 8
        func legendRow(_ symbol: String, _ label: String) {
            let y = margin.top + 8 + row * 18
            out +=
                symbol.replacingOccurrences(of: "{Y}", with: n(y))
                + "<text x=\"\(n(legendX + 24))\" y=\"\(n(y))\" dominant-baseline=\"middle\">\(Markup.escape(label))</text>\n"
            row += 1
        }
        if !cloud.isEmpty { legendRow("<circle cx=\"\(n(legendX + 9))\" cy=\"{Y}\" r=\"2\" fill=\"#9aa3b5\"/>", "outcomes") }
        if !frontier.isEmpty {
            legendRow(
                "<line x1=\"\(n(legendX))\" x2=\"\(n(legendX + 18))\" y1=\"{Y}\" y2=\"{Y}\" stroke=\"#222\" stroke-width=\"1.5\"/>", "Pareto frontier"
            )
        }
        if reservation != nil {
            legendRow(
                "<line x1=\"\(n(legendX))\" x2=\"\(n(legendX + 18))\" y1=\"{Y}\" y2=\"{Y}\" stroke=\"#c03\" stroke-dasharray=\"4 3\"/>",
                "reservation values")
        }
        for trajectory in trajectories {
            legendRow(
                "<line x1=\"\(n(legendX))\" x2=\"\(n(legendX + 18))\" y1=\"{Y}\" y2=\"{Y}\" stroke=\"\(trajectory.color)\" stroke-width=\"2\"/>",
                trajectory.name)
        }
        for marker in markers {
            let y = margin.top + 8 + row * 18
            out += shape(marker.shape, x: legendX + 9, y: y, color: marker.color)
            out += "<text x=\"\(n(legendX + 24))\" y=\"\(n(y))\" dominant-baseline=\"middle\">\(Markup.escape(marker.name))</text>\n"
            row += 1
        }
        return out + "</svg>"
    }

    private func shape(_ shape: Marker.Shape, x: Double, y: Double, color: String) -> String {
        let n = LineChart.number
        switch shape {
        case .ring:
            return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"8\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"3\"/>"
        case .square:
            return "<rect x=\"\(n(x - 5))\" y=\"\(n(y - 5))\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
        case .diamond:
            return
                "<polygon points=\"\(n(x)),\(n(y - 7)) \(n(x + 7)),\(n(y)) \(n(x)),\(n(y + 7)) \(n(x - 7)),\(n(y))\" fill=\"\(color)\" stroke=\"#fff\"/>"
        case .star:
            let points = (0..<10).map { k -> String in
                let angle = Double(k) * Double.pi / 5 - Double.pi / 2
                let radius = k % 2 == 0 ? 8.0 : 3.5
                return "\(n(x + radius * cos(angle))),\(n(y + radius * sin(angle)))"
            }
            return "<polygon points=\"\(points.joined(separator: " "))\" fill=\"\(color)\" stroke=\"#fff\"/>"
        }
    }
}
