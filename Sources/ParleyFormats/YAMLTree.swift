import Foundation
import Parley
import ParleySupport
import Yams

/// A YAML (or JSON) node with its file and line, and typed accessors whose errors say where
/// and what was expected. JSON is read as YAML 1.2, of which it is a subset.
struct YAMLTree {
    let node: Node
    let file: String
    /// A readable name of where the node sits, such as `parties[1].weights`.
    let path: String

    var line: Int? { node.mark?.line }

    func fail(_ problem: String) -> FormatError {
        FormatError(file: file, line: line, path.isEmpty ? problem : "\(path): \(problem)")
    }

    /// Parses `text` into its root node.
    static func parse(_ text: String, file: String) throws(FormatError) -> YAMLTree {
        do {
            guard let node = try Yams.compose(yaml: text) else { throw FormatError(file: file, "the file is empty") }
            return YAMLTree(node: node, file: file, path: "")
        } catch let error as FormatError {
            throw error
        } catch let error as YamlError {
            throw Self.describe(error, file: file)
        } catch {
            throw FormatError(file: file, "\(error)")
        }
    }

    private static func describe(_ error: YamlError, file: String) -> FormatError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return FormatError(file: file, line: mark.line, [context.map { "\($0.text)" }, problem].compactMap { $0 }.joined(separator: ": "))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return FormatError(file: file, line: context.mark.line, "duplicate keys \(duplicates.joined(separator: ", "))")
        case .reader(let problem, let offset, _, let yaml):
            // The reader gives an offset into the text; count the lines up to it.
            let line = offset.map { offset in yaml.utf8.prefix(offset).reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 } }
            return FormatError(file: file, line: line, "malformed YAML: \(problem)")
        default:
            return FormatError(file: file, "malformed YAML: \(error)")
        }
    }

    private func child(_ node: Node, _ name: String) -> YAMLTree {
        YAMLTree(node: node, file: file, path: path.isEmpty ? name : (name.hasPrefix("[") ? path + name : "\(path).\(name)"))
    }

    /// The entries of a mapping, in file order; any key outside `allowed` is refused.
    var isMapping: Bool {
        if case .mapping = node { return true }
        return false
    }

    func mapping(allowing allowed: Set<String>? = nil) throws(FormatError) -> [(key: String, value: YAMLTree)] {
        guard case .mapping(let mapping) = node else { throw fail("expected a mapping (key: value pairs)") }
        var entries = [(key: String, value: YAMLTree)]()
        for (key, value) in mapping {
            guard let name = key.string else { throw fail("a key is not a string") }
            if let allowed, !allowed.contains(name) {
                throw YAMLTree(node: key, file: file, path: path).fail(
                    "unknown key '\(name)' (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            entries.append((name, child(value, name)))
        }
        return entries
    }

    /// The value of `key` in a mapping, if present.
    func optional(_ key: String) throws(FormatError) -> YAMLTree? {
        guard case .mapping(let mapping) = node else { throw fail("expected a mapping (key: value pairs)") }
        return mapping[key].map { child($0, key) }
    }

    /// The value of `key` in a mapping.
    func required(_ key: String) throws(FormatError) -> YAMLTree {
        guard let value = try optional(key) else { throw fail("missing key '\(key)'") }
        return value
    }

    /// The items of a sequence.
    func sequence() throws(FormatError) -> [YAMLTree] {
        guard case .sequence(let sequence) = node else { throw fail("expected a list") }
        return sequence.enumerated().map { child($1, "[\($0)]") }
    }

    /// A scalar as text.
    func string() throws(FormatError) -> String {
        guard case .scalar(let scalar) = node else { throw fail("expected a text value") }
        return scalar.string
    }

    /// A finite number.
    func number() throws(FormatError) -> Double {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string.trimmingCharacters(in: .whitespaces)), value.isFinite else {
            throw fail("expected a number, found \(describeValue)")
        }
        return value
    }

    /// An integer.
    func integer() throws(FormatError) -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string.trimmingCharacters(in: .whitespaces)) else {
            throw fail("expected an integer, found \(describeValue)")
        }
        return value
    }

    /// `true` or `false`.
    func bool() throws(FormatError) -> Bool {
        guard let value = node.bool else { throw fail("expected true or false, found \(describeValue)") }
        return value
    }

    private var describeValue: String {
        switch node {
        case .scalar(let scalar): "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}

extension JSONValue {
    /// The same tree as a YAML node, in block style.
    var yamlNode: Node {
        switch self {
        case .null: Node("null", .implicit, .plain)
        case .bool(let value): Node(value ? "true" : "false", .implicit, .plain)
        case .number(let value): Node(formatNumber(value), .implicit, .plain)
        case .string(let value): Node(value, Tag(.str), Self.looksLikeAnotherType(value) ? .doubleQuoted : .any)
        case .array(let values):
            Node(values.map(\.yamlNode), .implicit, values.allSatisfy(\.isScalar) && values.count <= 16 ? .flow : .block)
        case .object(let pairs):
            Node(pairs.map { (Node($0.0, Tag(.str), Self.looksLikeAnotherType($0.0) ? .doubleQuoted : .any), $0.1.yamlNode) }, .implicit, .block)
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    /// Text a YAML reader would take for a number, a boolean or null unless quoted.
    private static func looksLikeAnotherType(_ text: String) -> Bool {
        Double(text) != nil || ["true", "false", "yes", "no", "on", "off", "null", "~", ""].contains(text.lowercased())
    }
}
