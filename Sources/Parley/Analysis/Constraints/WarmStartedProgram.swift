/// A linear program whose rows stay fixed while its column bounds change from one solve to
/// the next, as they do between the nodes of a branch and bound: each solve starts from the
/// last basis and restores optimality by the dual simplex method (Lemke, "The dual method of
/// solving the linear programming problem", Naval Research Logistics Quarterly 1, 1954), in
/// its bounded-variable form (Koberstein, "The dual simplex method, techniques for a fast and
/// stable implementation", PhD thesis, Universität Paderborn, 2005), on the dense tableau of
/// `LinearProgram.solve()`.
///
/// The tableau is kept dual feasible: a nonbasic column whose bounds change is put at the
/// bound its reduced cost favours, so only basic values can be out of bounds, which is what
/// the dual simplex repairs. While it runs, the basic solution's objective is an upper bound
/// on the optimum that falls at each pivot, so a solve stops as soon as it is under `cutoff`.
/// As with `LinearProgram.solve()`, nothing should rest on this arithmetic: callers bound with
/// `LinearProgram.lagrangianBound` from the multipliers returned, and infeasibility is
/// reported only with multipliers that prove it (else by a solve from scratch).
struct WarmStartedProgram {
    /// The rows, the objective and the bounds of the last solve.
    private(set) var program: LinearProgram
    private var tableau: Tableau?
    /// Pivots since the tableau was last built from scratch; past `refreshPivots` it is
    /// rebuilt, so that rounding cannot pile up along a long search.
    private var pivotsSinceBuild = 0
    private let refreshPivots = 4_000

    init(_ program: LinearProgram) { self.program = program }

    /// Solves under the bounds `upper` (lower bounds stay at 0). Stops with status `.cutOff`
    /// once the objective is proven under `cutoff`, with multipliers proving it. A dual
    /// simplex that needs more pivots than the program has rows (a stall, or a basis far
    /// from this one) gives way to a solve from scratch.
    mutating func solve(upper: [Double], cutoff: Double = -.infinity) -> LinearProgram.Solution {
        let iterationLimit = max(100, program.rows.count)
        program.upper = upper
        guard var current = tableau, pivotsSinceBuild < refreshPivots else { return solveFromScratch() }
        tableau = nil
        current.iterations = 0
        current.setStructuralUpper(upper)
        let status = current.runDual(iterationLimit: iterationLimit, cutoff: cutoff)
        pivotsSinceBuild += current.iterations
        let values = Array(current.values().prefix(program.columnCount))
        switch status {
        case .optimal, .cutOff:
            var objective = 0.0
            for column in 0..<program.columnCount { objective += program.objective[column] * values[column] }
            let solution = LinearProgram.Solution(
                status: status == .optimal ? .optimal : .cutOff, values: values, objective: objective, duals: current.duals(),
                iterations: current.iterations)
            tableau = current
            return solution
        case .infeasible(let row):
            // Keep the basis only if its row proves the program infeasible; the tableau
            // stays dual feasible either way.
            let zero = [Double](repeating: 0, count: program.columnCount)
            for farkas in [current.rowMultipliers(row), current.rowMultipliers(row).map { -$0 }]
            where program.lagrangianBound(duals: farkas, choiceRows: [], objective: zero) < -1e-7 {
                tableau = current
                return LinearProgram.Solution(
                    status: .infeasible, values: values, objective: -.infinity, duals: [], farkas: farkas, iterations: current.iterations)
            }
            return solveFromScratch()
        case .iterationLimit:
            return solveFromScratch()
        }
    }

    /// Two phases from the slack basis; the tableau is kept when it ends optimal.
    private mutating func solveFromScratch() -> LinearProgram.Solution {
        var fresh = Tableau(program)
        let solution = program.solve(on: &fresh)
        pivotsSinceBuild = 0
        tableau = solution.status == .optimal ? fresh : nil
        return solution
    }
}

extension Tableau {
    enum DualStatus: Equatable {
        case optimal, cutOff, iterationLimit
        /// No column can bring this row's basic value back within its bounds.
        case infeasible(row: Int)
    }

    /// New upper bounds for the structural columns. A nonbasic column is put at the bound
    /// its reduced cost favours (keeping the tableau dual feasible) and the basic values are
    /// moved accordingly; a basic column may be left out of bounds for the dual simplex.
    mutating func setStructuralUpper(_ bounds: [Double]) {
        var isBasic = [Bool](repeating: false, count: n)
        for column in basis { isBasic[column] = true }
        for column in 0..<structural {
            let oldUpper = upper[column]
            upper[column] = bounds[column]
            if isBasic[column] { continue }
            let oldValue = atUpper[column] ? oldUpper : 0
            // Stay on a side that is still dual feasible, so that near-zero reduced costs
            // do not flip columns back and forth.
            let goesUp = bounds[column] > 0 && (atUpper[column] ? d[column] >= -1e-9 : d[column] > 1e-9)
            let newValue = goesUp ? bounds[column] : 0
            atUpper[column] = goesUp
            if newValue == oldValue { continue }
            let change = newValue - oldValue
            for row in 0..<m {
                let a = t[row * n + column]
                if a != 0 { beta[row] -= a * change }
            }
        }
    }

    /// The multipliers of the original rows given by tableau row `row` (a row of the basis
    /// inverse), scaled to a largest magnitude of 1.
    func rowMultipliers(_ row: Int) -> [Double] {
        var result = (0..<m).map { index in t[row * n + unitColumn[index]] / unitCoefficient[index] * rowSign[index] }
        let largest = result.reduce(0) { max($0, abs($1)) }
        if largest > 0 { result = result.map { $0 / largest } }
        return result
    }

    /// The bounded dual simplex from a dual feasible basis: the most infeasible basic value
    /// leaves at the bound it violates; the entering column keeps every reduced cost on its
    /// bound's side (smallest ratio, the larger pivot on ties).
    mutating func runDual(iterationLimit: Int, cutoff: Double) -> DualStatus {
        var isBasic = [Bool](repeating: false, count: n)
        for column in basis { isBasic[column] = true }
        let tolerance = 1e-9
        while true {
            var leaving = -1
            var worst = 1e-9
            for row in 0..<m {
                let value = beta[row]
                let excess = value < 0 ? -value : value - upper[basis[row]]
                if excess > worst {
                    worst = excess
                    leaving = row
                }
            }
            if leaving < 0 { return .optimal }
            if cutoff > -.infinity {
                // The basic solution's objective bounds the optimum while the reduced costs
                // are dual feasible.
                var objective = 0.0
                for column in 0..<structural where atUpper[column] && !isBasic[column] { objective += cost[column] * upper[column] }
                for row in 0..<m where basis[row] < structural { objective += cost[basis[row]] * beta[row] }
                if objective < cutoff { return .cutOff }
            }
            if iterations >= iterationLimit { return .iterationLimit }
            let toLower = beta[leaving] < 0
            let base = leaving * n
            var entering = -1
            var ratio = Double.infinity
            var pivotSize = 0.0
            for column in 0..<n where !isBasic[column] && upper[column] > 0 {
                let a = t[base + column]
                if abs(a) <= tolerance { continue }
                // The leaving value must rise (toLower) or fall; the entering column moves
                // up from its lower bound or down from its upper one.
                let eligible = toLower ? (a < 0) != atUpper[column] : (a > 0) != atUpper[column]
                if !eligible { continue }
                let candidate = max(0, atUpper[column] ? d[column] : -d[column]) / abs(a)
                if candidate < ratio - 1e-12 || (candidate <= ratio + 1e-12 && abs(a) > pivotSize) {
                    ratio = candidate
                    entering = column
                    pivotSize = abs(a)
                }
            }
            if entering < 0 { return .infeasible(row: leaving) }
            iterations += 1
            let target = toLower ? 0 : upper[basis[leaving]]
            let change = (beta[leaving] - target) / t[base + entering]
            for row in 0..<m {
                let a = t[row * n + entering]
                if a != 0 { beta[row] -= a * change }
            }
            let enteringValue = (atUpper[entering] ? upper[entering] : 0) + change
            let leavingColumn = basis[leaving]
            isBasic[leavingColumn] = false
            atUpper[leavingColumn] = !toLower
            isBasic[entering] = true
            atUpper[entering] = false
            basis[leaving] = entering
            beta[leaving] = enteringValue
            pivot(row: leaving, column: entering)
        }
    }
}
