/// A plain-text table with aligned columns, for terminals.
public struct TextTable: Sendable {
    public var header: [String]
    public var rows: [[String]] = []
    /// Columns whose cells are right-aligned (numbers).
    public var numeric: Set<Int> = []

    public init(header: [String], numeric: Set<Int> = []) {
        self.header = header
        self.numeric = numeric
    }

    public mutating func append(_ row: [String]) { rows.append(row) }

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
