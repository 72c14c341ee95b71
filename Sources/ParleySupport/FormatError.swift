/// A file Parley cannot read, with where and why: `file:line: problem`.
public struct FormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file (or folder) that holds the problem.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// What is wrong, naming the element, key or value.
    public var problem: String

    /// An error about `file`, at `line` when known.
    public init(file: String, line: Int? = nil, _ problem: String) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    /// `file:line: problem`, or `file: problem` without a line: always one line (control
    /// characters, a parser's multi-line message included, become spaces) of at most
    /// `descriptionLimit` characters, however long the offending value was.
    public var description: String {
        let text = line.map { "\(file):\($0): \(problem)" } ?? "\(file): \(problem)"
        var out = ""
        var spaced = false
        for character in text {
            if out.count == Self.descriptionLimit {
                out += "…"
                break
            }
            if character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control }) {
                if !spaced { out.append(" ") }
                spaced = true
            } else {
                out.append(character)
                spaced = character == " "
            }
        }
        return out
    }

    /// The longest description, in characters.
    public static let descriptionLimit = 400
}
