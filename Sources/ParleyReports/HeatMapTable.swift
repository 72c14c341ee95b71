import ParleySupport

/// A heat map as an HTML table: one row per row label, one column per column label, each cell's
/// value written with three decimals on a background from white (the lowest value) to blue (the
/// highest); cells without a value stay blank. Inline styles only, so it fits an `HTMLPage`.
public struct HeatMapTable: Sendable {
    /// The row labels (plain text).
    public var rows: [String]
    /// The column labels (plain text).
    public var columns: [String]
    /// `values[row][column]`, nil where there is none.
    public var values: [[Double?]]
    /// The label of the corner cell, e.g. `agent \ opponent`.
    public var corner: String

    /// A heat map of `values` (one inner array per row, one entry per column).
    public init(rows: [String], columns: [String], values: [[Double?]], corner: String = "") {
        self.rows = rows
        self.columns = columns
        self.values = values
        self.corner = corner
    }

    /// The cell's shade in [0, 1]: 0 for the lowest value, 1 for the highest (0 when all are equal).
    public func shade(of value: Double) -> Double {
        let present = values.flatMap { $0.compactMap { $0 } }
        guard let low = present.min(), let high = present.max(), high > low else { return 0 }
        return (value - low) / (high - low)
    }

    /// The table as HTML.
    public var html: String {
        let head = "<tr><th>\(Markup.escape(corner))</th>" + columns.map { "<th class=\"num\">\(Markup.escape($0))</th>" }.joined() + "</tr>"
        var body = [String]()
        for (index, label) in rows.enumerated() {
            var cells = "<tr><th>\(Markup.escape(label))</th>"
            for column in columns.indices {
                guard index < values.count, column < values[index].count, let value = values[index][column] else {
                    cells += "<td></td>"
                    continue
                }
                let shade = shade(of: value)
                // From white (255, 255, 255) to a blue (49, 99, 181); white text on the darker half.
                let red = Int((255 - shade * 206).rounded())
                let green = Int((255 - shade * 156).rounded())
                let blue = Int((255 - shade * 74).rounded())
                let text = shade > 0.55 ? "color: #fff; " : ""
                cells += "<td class=\"num\" style=\"\(text)background: rgb(\(red), \(green), \(blue))\">\(formatUtility(value))</td>"
            }
            body.append(cells + "</tr>")
        }
        return "<table class=\"heatmap\">\n<thead>\(head)</thead>\n<tbody>\n\(body.joined(separator: "\n"))\n</tbody>\n</table>"
    }
}
