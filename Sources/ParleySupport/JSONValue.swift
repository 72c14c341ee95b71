/// A JSON document with ordered object keys and a deterministic writer.
///
/// Traces and reports must be byte-identical for the same inputs, so key order is the order
/// of construction and numbers print as the shortest text that reads back as the same
/// `Double` (Swift's `description`), never through a locale or a dictionary.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// Whether two values are equal; objects are equal when their keys and values are, in the same order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        default: false
        }
    }

    /// Hashes the value, object keys in order.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .number(let value): hasher.combine(value)
        case .string(let value): hasher.combine(value)
        case .array(let values): hasher.combine(values)
        case .object(let pairs):
            for (key, value) in pairs {
                hasher.combine(key)
                hasher.combine(value)
            }
        }
    }

    /// An integer-valued number.
    public static func int(_ value: Int) -> JSONValue { .number(Double(value)) }

    /// An array of numbers.
    public static func numbers(_ values: [Double]) -> JSONValue { .array(values.map(JSONValue.number)) }

    /// The value for `key` of an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }

    /// Compact JSON on one line.
    public var compact: String {
        var out = ""
        write(to: &out, indent: nil, level: 0)
        return out
    }

    /// JSON indented by two spaces, one key per line.
    public var pretty: String {
        var out = ""
        write(to: &out, indent: "  ", level: 0)
        return out
    }

    /// Appends the value as `pretty` writes it nested `level` deep (its inner lines indented by
    /// `level + 1` steps): for writing a large document a piece at a time.
    public func writePretty(into out: inout String, level: Int) { write(to: &out, indent: "  ", level: level) }

    /// Appends `"key": value` as `pretty` writes an object's member nested `level` deep.
    public func writePretty(key: String, into out: inout String, level: Int) {
        Self.quote(key, into: &out)
        out += ": "
        write(to: &out, indent: "  ", level: level)
    }

    private func write(to out: inout String, indent: String?, level: Int) {
        func newline(_ depth: Int) {
            guard let indent else { return }
            out += "\n"
            for _ in 0..<depth { out += indent }
        }
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value): out += Self.format(value)
        case .string(let value): Self.quote(value, into: &out)
        case .array(let values):
            if values.isEmpty {
                out += "[]"
                return
            }
            // Arrays of numbers stay on one line: utility vectors read better that way.
            let flat = indent == nil || values.allSatisfy { if case .number = $0 { true } else { false } }
            out += "["
            for (position, value) in values.enumerated() {
                if position > 0 { out += flat && indent != nil ? ", " : "," }
                if !flat { newline(level + 1) }
                value.write(to: &out, indent: indent, level: level + 1)
            }
            if !flat { newline(level) }
            out += "]"
        case .object(let pairs):
            if pairs.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (position, (key, value)) in pairs.enumerated() {
                if position > 0 { out += "," }
                newline(level + 1)
                Self.quote(key, into: &out)
                out += indent == nil ? ":" : ": "
                value.write(to: &out, indent: indent, level: level + 1)
            }
            newline(level)
            out += "}"
        }
    }

    /// Integers without a fraction, other numbers in their shortest round-trip form; JSON has
    /// no infinity or NaN, so those become null.
    static func format(_ value: Double) -> String {
        value.isFinite ? formatNumber(value) : "null"
    }

    static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
