import Parley
import ParleySupport

/// A small XML reader for GENIUS files: elements, attributes and line numbers, nothing else.
///
/// GENIUS domains and profiles use elements and attributes only (text content, when present,
/// carries nothing GENIUS reads), so this reader keeps the structure and the line of every
/// element for error messages. It understands the XML declaration, comments, CDATA and the
/// five predefined entities plus numeric character references.
struct XMLElement {
    var name: String
    var attributes: [String: String]
    var children: [XMLElement]
    var line: Int

    subscript(attribute: String) -> String? { attributes[attribute] }

    /// Direct children with this name.
    func children(named name: String) -> [XMLElement] { children.filter { $0.name == name } }

    /// The first direct child with this name.
    func child(named name: String) -> XMLElement? { children.first { $0.name == name } }

    /// Every descendant with this name, depth first, in document order.
    func descendants(named name: String) -> [XMLElement] {
        var found = [XMLElement]()
        for child in children {
            if child.name == name { found.append(child) }
            found += child.descendants(named: name)
        }
        return found
    }
}

struct XMLParser {
    private let bytes: [UInt8]
    private var position = 0
    private var line = 1
    private let file: String

    /// Parses a whole document and returns its root element.
    static func parse(_ bytes: [UInt8], file: String) throws(FormatError) -> XMLElement {
        var parser = XMLParser(bytes: bytes, file: file)
        return try parser.document()
    }

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    private func fail(_ problem: String) -> FormatError { FormatError(file: file, line: line, problem) }

    private var atEnd: Bool { position >= bytes.count }
    private func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    private mutating func advance() {
        if bytes[position] == UInt8(ascii: "\n") { line += 1 }
        position += 1
    }

    private func startsWith(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        return position + utf8.count <= bytes.count && Array(bytes[position..<(position + utf8.count)]) == utf8
    }

    private mutating func skip(past terminator: String, what: String) throws(FormatError) {
        let startLine = line
        while !atEnd {
            if startsWith(terminator) {
                for _ in 0..<terminator.utf8.count { advance() }
                return
            }
            advance()
        }
        throw FormatError(file: file, line: startLine, "unterminated \(what)")
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { advance() }
    }

    /// Skips text, comments, processing instructions and doctype between elements.
    private mutating func skipMisc() throws(FormatError) {
        while !atEnd {
            if startsWith("<!--") {
                try skip(past: "-->", what: "comment")
            } else if startsWith("<?") {
                try skip(past: "?>", what: "processing instruction")
            } else if startsWith("<![CDATA[") {
                try skip(past: "]]>", what: "CDATA section")
            } else if startsWith("<!") {
                try skip(past: ">", what: "declaration")
            } else if peek() == UInt8(ascii: "<") {
                return
            } else {
                advance()
            }
        }
    }

    private mutating func document() throws(FormatError) -> XMLElement {
        if startsWith("\u{FEFF}") { position += 3 }
        try skipMisc()
        guard !atEnd else { throw fail("no XML element found (is the file empty?)") }
        let root = try element(depth: 1)
        try skipMisc()
        guard atEnd else { throw fail("content after the root element </\(root.name)>") }
        return root
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"),
            UInt8(ascii: "."), UInt8(ascii: ":"), 0x80...0xFF:
            return true
        default:
            return false
        }
    }

    private mutating func name() throws(FormatError) -> String {
        let start = position
        while let byte = peek(), Self.isNameByte(byte) { advance() }
        guard position > start else {
            throw fail("expected a name, found \(peek().map { "'\(Character(Unicode.Scalar($0)))'" } ?? "the end of the file")")
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// How deep elements may nest: GENIUS files nest four or five levels; a deeper chain is
    /// refused instead of exhausting the stack of this recursive reader.
    static let depthLimit = 64

    private mutating func element(depth: Int) throws(FormatError) -> XMLElement {
        let startLine = line
        guard depth <= Self.depthLimit else { throw fail("elements nest deeper than \(Self.depthLimit) levels") }
        advance()  // <
        let tag = try name()
        var attributes = [String: String]()
        while true {
            skipWhitespace()
            guard let byte = peek() else { throw FormatError(file: file, line: startLine, "unterminated element <\(tag)>") }
            if byte == UInt8(ascii: "/") {
                advance()
                guard peek() == UInt8(ascii: ">") else { throw fail("expected '>' after '/' in <\(tag)>") }
                advance()
                return XMLElement(name: tag, attributes: attributes, children: [], line: startLine)
            }
            if byte == UInt8(ascii: ">") {
                advance()
                break
            }
            let key = try name()
            skipWhitespace()
            guard peek() == UInt8(ascii: "=") else { throw fail("attribute '\(key)' of <\(tag)> has no value") }
            advance()
            skipWhitespace()
            guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw fail("the value of attribute '\(key)' of <\(tag)> is not quoted")
            }
            advance()
            let start = position
            while let next = peek(), next != quote {
                if next == UInt8(ascii: "<") { throw fail("'<' inside the value of attribute '\(key)' of <\(tag)>") }
                advance()
            }
            guard !atEnd else { throw fail("unterminated value of attribute '\(key)' of <\(tag)>") }
            let raw = String(decoding: bytes[start..<position], as: UTF8.self)
            advance()
            if attributes[key] != nil { throw fail("attribute '\(key)' appears twice in <\(tag)>") }
            attributes[key] = try unescape(raw)
        }
        var children = [XMLElement]()
        while true {
            try skipMisc()
            guard !atEnd else { throw FormatError(file: file, line: startLine, "element <\(tag)> is never closed") }
            if startsWith("</") {
                advance()
                advance()
                let closing = try name()
                guard closing == tag else { throw fail("</\(closing)> closes <\(tag)> (opened on line \(startLine))") }
                skipWhitespace()
                guard peek() == UInt8(ascii: ">") else { throw fail("expected '>' to close </\(closing)>") }
                advance()
                return XMLElement(name: tag, attributes: attributes, children: children, line: startLine)
            }
            children.append(try element(depth: depth + 1))
        }
    }

    private func unescape(_ text: String) throws(FormatError) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { throw fail("unterminated entity in '\(text)'") }
            let entity = rest[rest.index(after: amp)..<semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let number: UInt32? =
                    entity.hasPrefix("#x")
                    ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                guard let number, let scalar = Unicode.Scalar(number) else { throw fail("unknown entity '&\(entity);'") }
                result.unicodeScalars.append(scalar)
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }
}
