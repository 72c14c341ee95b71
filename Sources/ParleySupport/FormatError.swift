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

    /// `file:line: problem`, or `file: problem` without a line.
    public var description: String {
        line.map { "\(file):\($0): \(problem)" } ?? "\(file): \(problem)"
    }
}
