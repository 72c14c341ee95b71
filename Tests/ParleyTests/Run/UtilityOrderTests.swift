import ParleySupport
import Testing

@testable import Parley

@Suite("Ranking outcomes by utility")
struct UtilityOrderTests {
    /// The definition: indices by rising utility, equal utilities by rising index.
    func byComparison(_ utilities: [Double]) -> [Int] {
        (0..<utilities.count).sorted { utilities[$0] < utilities[$1] || (utilities[$0] == utilities[$1] && $0 < $1) }
    }

    @Test("the radix order is the comparison order: ties, negatives, zeros of both signs, extremes", arguments: 0..<40)
    func matchesComparisonSort(seed: Int) {
        var random = SeededGenerator(seed: UInt64(seed) &+ 77)
        let count = [0, 1, 2, 7, 100, 5000, 70000][seed % 7] + seed
        // Few distinct values on some seeds, so that ties are common.
        let distinct = seed % 3 == 0 ? 5 : 1_000_000
        let special: [Double] = [0, -0.0, 1, -1, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude, -.infinity, .infinity]
        let utilities = (0..<count).map { index -> Double in
            if index % 11 == 3 { return special[random.uniform(below: special.count)] }
            return (Double(random.uniform(below: distinct)) / Double(distinct) - 0.3) * 2
        }
        #expect(UtilityOrder.ascending(utilities) == byComparison(utilities))
    }

    @Test("the order does not depend on where the values sit in their bit patterns")
    func keysKeepNumericOrder() {
        let values: [Double] = [-.infinity, -1e300, -2, -1, -1e-300, 0, 1e-300, 0.5, 1, 2, 1e300, .infinity]
        let keys = values.map(UtilityOrder.orderedBits)
        #expect(keys == keys.sorted())
        #expect(UtilityOrder.orderedBits(-0.0) == UtilityOrder.orderedBits(0))
    }
}
