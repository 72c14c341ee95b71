/// A plain-text table with aligned columns, for terminals.
public struct TextTable: Sendable {
    /// The column titles.
    public var header: [String]
    /// The rows, one cell per column; a short row is padded with empty cells.
    public var rows: [[String]] = []
    /// Columns whose cells are right-aligned (numbers).
    public var numeric: Set<Int> = []

    /// An empty table with `header`; `numeric` lists the right-aligned columns.
    public init(header: [String], numeric: Set<Int> = []) {
        self.header = header
        self.numeric = numeric
    }

    /// Adds a row at the bottom.
    public mutating func append(_ row: [String]) { rows.append(row) }

    /// The header, a rule, then the rows; columns two spaces apart, no trailing spaces. Widths count
    /// characters, so characters wider than one cell misalign.
    public var rendered: String {
        let columns = ([header] + rows).map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in
            ([header] + rows).map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            (0..<columns).map { column in
                let cell = column < cells.count ? cells[column] : ""
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return numeric.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ").droppingTrailingSpaces()
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}

extension String {
    /// The text without trailing spaces (a linear scan, where a regular expression backtracks).
    fileprivate func droppingTrailingSpaces() -> String {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " { end = index(before: end) }
        return String(self[..<end])
    }
}
