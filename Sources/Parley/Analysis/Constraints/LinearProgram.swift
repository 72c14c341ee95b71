/// A linear program small enough for a dense tableau (a few hundred rows and columns):
/// maximise `c·z` subject to rows `a·z (≤ | = | ≥) b` and bounds `0 ≤ z ≤ upper`.
///
/// `solve()` runs a two-phase bounded-variable primal simplex. Its answer is used for two
/// things only: a fractional solution to branch on, and row multipliers from which
/// `lagrangianBound(duals:choiceRows:)` computes an upper bound directly from the rows. That
/// bound holds for *any* multipliers of the right signs, so the simplex's rounding can weaken
/// a bound but never make it wrong.
struct LinearProgram {
    enum Sense { case lessOrEqual, equal, greaterOrEqual }

    struct Row {
        var entries: [(column: Int, value: Double)]
        var sense: Sense
        var rhs: Double
    }

    /// `cutOff`: a warm-started solve stopped once its bound fell under the cutoff
    /// (`WarmStartedProgram`); the multipliers prove that bound, the values are not optimal.
    enum Status { case optimal, infeasible, unbounded, iterationLimit, cutOff }

    struct Solution {
        var status: Status
        /// Structural column values.
        var values: [Double]
        var objective: Double
        /// One multiplier per row, signed as a Lagrangian wants them (`≤` rows nonnegative,
        /// `≥` rows nonpositive) up to rounding; `lagrangianBound` clamps them.
        var duals: [Double]
        /// When infeasible: phase-1 multipliers, whose bound with a zero objective
        /// (`lagrangianBound(duals:choiceRows:objective:)`) is negative when they prove it.
        var farkas: [Double] = []
        var iterations: Int
    }

    var objective: [Double]
    var upper: [Double]
    var rows: [Row] = []

    init(columns: Int) {
        objective = [Double](repeating: 0, count: columns)
        upper = [Double](repeating: 1, count: columns)
    }

    var columnCount: Int { objective.count }

    mutating func addRow(_ entries: [(column: Int, value: Double)], _ sense: Sense, _ rhs: Double) {
        rows.append(Row(entries: entries, sense: sense, rhs: rhs))
    }

    /// An upper bound on the program's optimum from row multipliers: with `y` clamped to the
    /// right signs, `max c·z ≤ y·b + max over z of (c - yA)·z`, where the inner maximum keeps
    /// the bounds and, for every row listed in `choiceRows` (rows `Σ z_j = 1` over 0/1
    /// columns that no other choice row shares), picks exactly one of its columns. Infinite
    /// when an unbounded column would gain.
    func lagrangianBound(duals: [Double], choiceRows: [Int], objective: [Double]? = nil) -> Double {
        var reduced = objective ?? self.objective
        var total = 0.0
        var isChoice = [Bool](repeating: false, count: rows.count)
        for row in choiceRows { isChoice[row] = true }
        for (index, row) in rows.enumerated() where !isChoice[index] {
            let y: Double
            switch row.sense {
            case .lessOrEqual: y = max(0, duals[index])
            case .greaterOrEqual: y = min(0, duals[index])
            case .equal: y = duals[index]
            }
            if y == 0 { continue }
            total += y * row.rhs
            for entry in row.entries { reduced[entry.column] -= y * entry.value }
        }
        var inChoice = [Bool](repeating: false, count: columnCount)
        for index in choiceRows {
            var best = -Double.infinity
            for entry in rows[index].entries {
                inChoice[entry.column] = true
                // A column fixed at zero cannot be the one chosen.
                if upper[entry.column] > 0 { best = max(best, reduced[entry.column]) }
            }
            total += best
        }
        for column in 0..<columnCount where !inChoice[column] && reduced[column] > 0 {
            if upper[column] == .infinity { return .infinity }
            total += reduced[column] * upper[column]
        }
        return total
    }

    /// Solves by the bounded primal simplex: phase 1 drives artificial columns out, phase 2
    /// optimises. Dantzig pricing, with Bland's rule after a run of degenerate pivots.
    func solve(iterationLimit: Int = 20_000) -> Solution {
        var tableau = Tableau(self)
        return solve(on: &tableau, iterationLimit: iterationLimit)
    }

    /// `solve()` on a tableau built from this program, left as the solve ends.
    func solve(on tableau: inout Tableau, iterationLimit: Int = 20_000) -> Solution {
        let phase1 = tableau.run(phase: 1, iterationLimit: iterationLimit)
        let values = { (t: Tableau) in Array(t.values().prefix(self.columnCount)) }
        guard phase1 == .optimal else {
            return Solution(status: phase1, values: values(tableau), objective: -.infinity, duals: [], iterations: tableau.iterations)
        }
        if tableau.infeasibility() > 1e-7 {
            return Solution(
                status: .infeasible, values: values(tableau), objective: -.infinity, duals: [], farkas: tableau.duals(),
                iterations: tableau.iterations)
        }
        let phase2 = tableau.run(phase: 2, iterationLimit: iterationLimit)
        let z = values(tableau)
        var objectiveValue = 0.0
        for column in 0..<columnCount { objectiveValue += objective[column] * z[column] }
        return Solution(status: phase2, values: z, objective: objectiveValue, duals: tableau.duals(), iterations: tableau.iterations)
    }
}

/// The dense tableau behind `LinearProgram.solve()`: structural columns, then one slack per
/// inequality row, then artificial columns for the rows whose slack cannot start basic.
struct Tableau {
    let m: Int
    let n: Int
    let structural: Int
    /// Row-major `m × n`: the current `B⁻¹A`.
    var t: [Double]
    /// Reduced costs of the current phase.
    var d: [Double]
    var beta: [Double]
    var basis: [Int]
    var upper: [Double]
    var atUpper: [Bool]
    var cost: [Double]
    /// The costs of the phase being run.
    var phaseCost: [Double] = []
    var isArtificial: [Bool]
    /// Per row: the column of its slack or artificial, that column's coefficient in the
    /// stored row, and the sign the row was multiplied by when stored.
    var unitColumn: [Int]
    var unitCoefficient: [Double]
    var rowSign: [Double]
    var iterations = 0

    init(_ program: LinearProgram) {
        m = program.rows.count
        structural = program.columnCount
        let slackCount = program.rows.filter { $0.sense != .equal }.count
        // Which rows need an artificial: equality rows, and inequality rows whose slack would
        // start negative.
        var needsArtificial = [Bool](repeating: false, count: m)
        for (index, row) in program.rows.enumerated() {
            switch row.sense {
            case .equal: needsArtificial[index] = true
            case .lessOrEqual: needsArtificial[index] = row.rhs < 0
            case .greaterOrEqual: needsArtificial[index] = row.rhs > 0
            }
        }
        let artificialCount = needsArtificial.filter { $0 }.count
        n = structural + slackCount + artificialCount
        t = [Double](repeating: 0, count: m * n)
        beta = [Double](repeating: 0, count: m)
        basis = [Int](repeating: 0, count: m)
        upper = program.upper + [Double](repeating: .infinity, count: slackCount + artificialCount)
        atUpper = [Bool](repeating: false, count: n)
        cost = [Double](repeating: 0, count: n)
        isArtificial = [Bool](repeating: false, count: n)
        unitColumn = [Int](repeating: 0, count: m)
        unitCoefficient = [Double](repeating: 1, count: m)
        rowSign = [Double](repeating: 1, count: m)
        d = [Double](repeating: 0, count: n)

        var nextSlack = structural
        var nextArtificial = structural + slackCount
        for (index, row) in program.rows.enumerated() {
            // Store the row with a nonnegative right-hand side, so the starting basis
            // (a slack or an artificial per row) is feasible.
            let sign: Double = row.rhs < 0 ? -1 : 1
            rowSign[index] = sign
            for entry in row.entries { t[index * n + entry.column] += sign * entry.value }
            beta[index] = sign * row.rhs
            var slack: Int?
            if row.sense != .equal {
                slack = nextSlack
                let coefficient = (row.sense == .lessOrEqual ? 1.0 : -1.0) * sign
                t[index * n + nextSlack] = coefficient
                unitColumn[index] = nextSlack
                unitCoefficient[index] = coefficient
                nextSlack += 1
            }
            if needsArtificial[index] {
                t[index * n + nextArtificial] = 1
                isArtificial[nextArtificial] = true
                basis[index] = nextArtificial
                if slack == nil {
                    unitColumn[index] = nextArtificial
                    unitCoefficient[index] = 1
                }
                nextArtificial += 1
            } else {
                basis[index] = slack!
            }
        }
        cost = program.objective + [Double](repeating: 0, count: n - structural)
    }

    /// The current value of every column.
    func values() -> [Double] {
        var z = (0..<n).map { atUpper[$0] ? upper[$0] : 0.0 }
        for row in 0..<m { z[basis[row]] = beta[row] }
        return z
    }

    /// The sum of the artificial columns' values.
    func infeasibility() -> Double {
        var total = 0.0
        for row in 0..<m where isArtificial[basis[row]] { total += max(0, beta[row]) }
        return total
    }

    /// Row multipliers of the original rows, read from the reduced costs of each row's slack
    /// or artificial column (`d_s = c_s - y·a_s`), in the phase last run.
    func duals() -> [Double] {
        (0..<m).map { row in
            let unit = unitColumn[row]
            return (phaseCost[unit] - d[unit]) / unitCoefficient[row] * rowSign[row]
        }
    }

    mutating func run(phase: Int, iterationLimit: Int) -> LinearProgram.Status {
        if phase == 1 {
            phaseCost = (0..<n).map { isArtificial[$0] ? -1 : 0 }
        } else {
            phaseCost = cost
            // Artificials may no longer move.
            for column in 0..<n where isArtificial[column] { upper[column] = 0 }
        }
        // d = c - c_B · T
        d = phaseCost
        for row in 0..<m {
            let cb = phaseCost[basis[row]]
            if cb == 0 { continue }
            for column in 0..<n { d[column] -= cb * t[row * n + column] }
        }
        var isBasic = [Bool](repeating: false, count: n)
        for column in basis { isBasic[column] = true }

        let tolerance = 1e-9
        var degenerateRun = 0
        while true {
            if iterations >= iterationLimit { return .iterationLimit }
            // Pricing.
            let bland = degenerateRun > 50
            var entering = -1
            var best = tolerance
            for column in 0..<n where !isBasic[column] && upper[column] > 0 {
                let gain = atUpper[column] ? -d[column] : d[column]
                if gain > best {
                    entering = column
                    if bland { break }
                    best = gain
                }
            }
            if entering < 0 { return .optimal }
            iterations += 1
            let direction: Double = atUpper[entering] ? -1 : 1
            // Ratio test: the entering column moves by `step` in `direction`; basic row r
            // changes by -direction·T[r]·step.
            var step = upper[entering]
            var leaving = -1
            var leavesAtUpper = false
            var pivotSize = 0.0
            for row in 0..<m {
                let a = direction * t[row * n + entering]
                if abs(a) <= tolerance { continue }
                let column = basis[row]
                let limit: Double
                let hitsUpper: Bool
                if a > 0 {
                    limit = max(0, beta[row]) / a
                    hitsUpper = false
                } else {
                    if upper[column] == .infinity { continue }
                    limit = max(0, upper[column] - beta[row]) / -a
                    hitsUpper = true
                }
                if limit < step - 1e-12 || (limit <= step + 1e-12 && leaving >= 0 && abs(a) > pivotSize) {
                    step = limit
                    leaving = row
                    leavesAtUpper = hitsUpper
                    pivotSize = abs(a)
                }
            }
            if step == .infinity { return .unbounded }
            degenerateRun = step <= 1e-12 ? degenerateRun + 1 : 0
            // Move the basic values.
            if step > 0 {
                for row in 0..<m {
                    let a = t[row * n + entering]
                    if a != 0 { beta[row] -= direction * a * step }
                }
            }
            if leaving < 0 {
                // Bound flip: the entering column reaches its other bound.
                atUpper[entering].toggle()
                continue
            }
            let enteringValue = (atUpper[entering] ? upper[entering] : 0) + direction * step
            let leavingColumn = basis[leaving]
            isBasic[leavingColumn] = false
            atUpper[leavingColumn] = leavesAtUpper
            isBasic[entering] = true
            atUpper[entering] = false
            basis[leaving] = entering
            beta[leaving] = enteringValue
            pivot(row: leaving, column: entering)
        }
    }

    mutating func pivot(row r: Int, column j: Int) {
        let n = self.n
        t.withUnsafeMutableBufferPointer { t in
            let pivot = t[r * n + j]
            let base = r * n
            for column in 0..<n { t[base + column] /= pivot }
            t[base + j] = 1
            // Nonzero columns of the pivot row, to skip the zeros of a sparse tableau.
            var nonzero = [Int]()
            nonzero.reserveCapacity(n)
            for column in 0..<n where t[base + column] != 0 { nonzero.append(column) }
            for row in 0..<m where row != r {
                let factor = t[row * n + j]
                if factor == 0 { continue }
                let other = row * n
                for column in nonzero { t[other + column] -= factor * t[base + column] }
                t[other + j] = 0
            }
            let factor = d[j]
            if factor != 0 {
                for column in nonzero { d[column] -= factor * t[base + column] }
                d[j] = 0
            }
        }
    }
}
