/// Orders outcomes by rising utility, ties by index, in time linear in their number: a stable
/// least-significant-digit radix sort on the utilities' bit patterns, mapped so that unsigned
/// order is numeric order. Ranking a party's 188,160 outcomes this way takes a few
/// milliseconds where a comparison sort takes tens.
enum UtilityOrder {
    /// The indices of `utilities` by rising value, equal values by rising index: the order of
    /// `(0..<n).sorted { (u[$0], $0) < (u[$1], $1) }`. Utilities must not be NaN.
    static func ascending(_ utilities: [Double]) -> [Int] {
        let count = utilities.count
        var order = Array(0..<count)
        guard count > 1 else { return order }
        var keys = utilities.map(orderedBits)
        var spareKeys = [UInt64](repeating: 0, count: count)
        var spareOrder = [Int](repeating: 0, count: count)
        // Four passes of 16 bits for large spaces; six of 11 for small ones, whose counting
        // table then stays small.
        let digitBits: UInt64 = count >= 1 << 16 ? 16 : 11
        let mask: UInt64 = (1 << digitBits) - 1
        var counts = [Int](repeating: 0, count: 1 << digitBits)
        var shift: UInt64 = 0
        while shift < 64 {
            for digit in counts.indices { counts[digit] = 0 }
            for key in keys { counts[Int((key >> shift) & mask)] += 1 }
            // A digit every key shares moves nothing.
            if counts[Int((keys[0] >> shift) & mask)] != count {
                var start = 0
                for digit in counts.indices {
                    let size = counts[digit]
                    counts[digit] = start
                    start += size
                }
                keys.withUnsafeBufferPointer { keys in
                    order.withUnsafeBufferPointer { order in
                        spareKeys.withUnsafeMutableBufferPointer { toKeys in
                            spareOrder.withUnsafeMutableBufferPointer { toOrder in
                                counts.withUnsafeMutableBufferPointer { next in
                                    for position in 0..<count {
                                        let digit = Int((keys[position] >> shift) & mask)
                                        let target = next[digit]
                                        next[digit] = target + 1
                                        toKeys[target] = keys[position]
                                        toOrder[target] = order[position]
                                    }
                                }
                            }
                        }
                    }
                }
                swap(&keys, &spareKeys)
                swap(&order, &spareOrder)
            }
            shift += digitBits
        }
        return order
    }

    /// The bit pattern of `value` as an unsigned number in the same order as the value (0 and
    /// -0 alike, as `<` sees them).
    @inline(__always)
    static func orderedBits(_ value: Double) -> UInt64 {
        let bits = (value == 0 ? 0.0 : value).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }
}
