import Foundation

/// The shortest decimal text that reads back as the same `Double` (`3` rather than `3.0`).
package func formatNumber(_ value: Double) -> String {
    if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
}

/// A count as people read it: exact below a billion, `1e+50` style above.
package func formatCount(_ value: Double) -> String {
    value < 1e9 ? String(Int(value)) : String(format: "%.3g", value)
}

/// A utility or share with three decimals, as tables show them.
public func formatUtility(_ value: Double) -> String {
    let scaled = (value * 1000).rounded() / 1000
    var text = "\(scaled)"
    if let dot = text.firstIndex(of: ".") {
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        if decimals < 3 { text += String(repeating: "0", count: 3 - decimals) }
    } else if !text.contains("e") {
        text += ".000"
    }
    return text
}

/// A time as people read it: `850 µs`, `12.34 ms`, `1.23 s`.
package func formatSeconds(_ seconds: Double) -> String {
    if seconds < 1e-3 { return String(format: "%.0f µs", seconds * 1e6) }
    if seconds < 1 { return String(format: "%.2f ms", seconds * 1e3) }
    return String(format: "%.2f s", seconds)
}

/// A duration as people read it (see `formatSeconds`).
package func formatDuration(_ duration: Duration) -> String {
    formatSeconds(Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18)
}
