import Foundation

/// Models of EU legislative bargaining beyond the compromise model, and a learned combination of
/// them, tested as the compromise model is: on the documented split (chosen on the training half,
/// reported on the test half) and in 10-fold cross-validation by proposal (chosen on nine folds,
/// reported on the tenth), with a paired comparison against the compromise model.
package enum DEUCombination {
    /// The costs of disagreement the Nash bargaining model chooses among (squared points of 0–100).
    package static let disagreementCosts: [Double] = [25, 100, 400, 1600, 6400, 25600, 102_400, 409_600]
    /// The step of the grid of combination weights.
    package static let weightStep = 0.05
    /// The folds of the cross-validation; proposal k (in file order, from 0) is in fold k mod 10.
    package static let folds = 10

    /// The predictions every model is built from, per issue in the dataset's order.
    package struct Predictions: Sendable {
        /// The adopted outcomes.
        package var outcomes: [Double]
        /// The proposal's place in file order, per issue.
        package var proposals: [Int]
        /// The compromise model (GDP capability × salience).
        package var compromise: [Double]
        /// The weighted median (GDP capability × salience).
        package var median: [Double]
        /// The procedural model; the compromise model's figure where the issue has no reference point.
        package var procedure: [Double]
        /// The reference point; the compromise model's figure where there is none.
        package var reference: [Double]
        /// The Nash bargaining model for each of `disagreementCosts`.
        package var nash: [[Double]]
        /// Issues with a reference point and a Commission position (where the procedure applies).
        package var procedureApplies: Int

        /// The combined model's components, in the order of a weight vector.
        var components: [[Double]] { [compromise, median, procedure, reference] }

        /// The combination with `weights` (in the components' order) of issue `issue`.
        func combined(_ weights: [Double], _ issue: Int) -> Double {
            zip(weights, components).reduce(0.0) { $0 + $1.0 * $1.1[issue] }
        }
        /// The components' names, in the same order.
        static let componentNames = ["compromise", "weighted median", "procedure", "reference point"]
    }

    /// Every model's prediction for every issue of `dataset`.
    package static func predictions(_ dataset: DEUDataset) -> Predictions {
        var order: [String: Int] = [:]
        for issue in dataset.issues where order[issue.proposal] == nil { order[issue.proposal] = order.count }
        var result = Predictions(
            outcomes: [], proposals: [], compromise: [], median: [], procedure: [], reference: [],
            nash: Array(repeating: [], count: disagreementCosts.count), procedureApplies: 0)
        for issue in dataset.issues {
            let table = dataset.stakeholderIssue(issue, capability: .gdp)
            let compromise = CompromiseModel().run(table).forecast
            result.outcomes.append(issue.outcome)
            result.proposals.append(order[issue.proposal] ?? 0)
            result.compromise.append(compromise)
            result.median.append(WeightedMedianModel().run(table).forecast)
            let procedure = DEUProcedure.model(issue)
            if procedure != nil { result.procedureApplies += 1 }
            result.procedure.append(procedure?.outcome ?? compromise)
            result.reference.append(issue.referencePoint ?? compromise)
            for (index, cost) in disagreementCosts.enumerated() {
                result.nash[index].append(NashBargainingModel(disagreementCost: cost, referencePoint: issue.referencePoint).run(table).forecast)
            }
        }
        return result
    }

    /// Every weight vector on the simplex of `count` components in steps of `weightStep`.
    package static func weightGrid(_ count: Int) -> [[Double]] {
        let steps = Int((1 / weightStep).rounded())
        var grid: [[Double]] = []
        var current = [Int](repeating: 0, count: count)
        func fill(_ index: Int, _ left: Int) {
            if index == count - 1 {
                current[index] = left
                grid.append(current.map { Double($0) / Double(steps) })
                return
            }
            for value in 0...left {
                current[index] = value
                fill(index + 1, left - value)
            }
        }
        fill(0, steps)
        return grid
    }

    static func meanError(_ predicted: (Int) -> Double, _ outcomes: [Double], _ issues: [Int]) -> Double {
        issues.reduce(0.0) { $0 + abs(predicted($1) - outcomes[$1]) } / Double(max(issues.count, 1))
    }

    /// A fitted model: the Nash model's cost and the combination's weights, chosen on `issues`.
    struct Fit {
        var nashIndex: Int
        var weights: [Double]
    }

    /// Chooses, on `issues` only, the Nash model's cost and the combination's weights with the
    /// least mean absolute error (ties to the earlier candidate).
    static func fit(_ predictions: Predictions, on issues: [Int], grid: [[Double]]) -> Fit {
        let outcomes = predictions.outcomes
        let nashErrors = predictions.nash.map { column in meanError({ column[$0] }, outcomes, issues) }
        let nashIndex = nashErrors.indices.min { (nashErrors[$0], $0) < (nashErrors[$1], $1) } ?? 0
        // Issue-major rows of the components and the outcomes: one pass over flat memory per weight vector.
        let components = predictions.components
        let width = components.count
        var rows = [Double]()
        rows.reserveCapacity(issues.count * (width + 1))
        for issue in issues {
            for component in components { rows.append(component[issue]) }
            rows.append(outcomes[issue])
        }
        var best = (error: Double.infinity, weights: grid.first ?? [])
        for weights in grid {
            var error = 0.0
            var index = 0
            while index < rows.count {
                var predicted = 0.0
                for component in 0..<width { predicted += weights[component] * rows[index + component] }
                error += abs(predicted - rows[index + width])
                index += width + 1
            }
            if error < best.error { best = (error, weights) }
        }
        return Fit(nashIndex: nashIndex, weights: best.weights)
    }

    /// The paired comparison of a model's absolute errors with the compromise model's.
    package struct Paired: Hashable, Sendable {
        /// Mean of (model's error − compromise's error); negative when the model is better.
        package var meanDifference: Double
        /// Its standard error, clustered by proposal (issues of one proposal are not independent).
        package var standardError: Double
        /// `meanDifference / standardError`.
        package var t: Double { standardError > 0 ? meanDifference / standardError : 0 }
    }

    /// One row of the table: errors on the test half after choosing on the training half, and the
    /// cross-validated error.
    package struct Row: Hashable, Sendable {
        /// The model's name, with what was chosen on the training half.
        package var name: String
        /// The test half's mean absolute error.
        package var test: Double
        /// The training half's mean absolute error (where the choices were made).
        package var training: Double
        /// The mean absolute error of the out-of-fold predictions of the 10-fold cross-validation.
        package var crossValidated: Double
        /// The out-of-fold errors compared with the compromise model's.
        package var paired: Paired
    }

    /// The whole comparison.
    package struct Result: Hashable, Sendable {
        /// Compromise, procedure, reference point, Nash bargaining, learned combination.
        package var rows: [Row]
        /// Issues where the procedural model applies (a reference point and a Commission position).
        package var procedureApplies: Int
    }

    /// The cross-validation's predictions: every issue predicted by the Nash model and the
    /// combination as fitted on the other folds, which never hold its proposal.
    package static func outOfFoldPredictions(_ predictions: Predictions, grid: [[Double]]) -> (nash: [Double], combination: [Double]) {
        let count = predictions.outcomes.count
        var result = (nash: [Double](repeating: 0, count: count), combination: [Double](repeating: 0, count: count))
        for fold in 0..<folds {
            let inside = (0..<count).filter { predictions.proposals[$0] % folds != fold }
            let fitted = fit(predictions, on: inside, grid: grid)
            for issue in 0..<count where predictions.proposals[issue] % folds == fold {
                result.nash[issue] = predictions.nash[fitted.nashIndex][issue]
                result.combination[issue] = predictions.combined(fitted.weights, issue)
            }
        }
        return result
    }

    /// Runs the comparison on `dataset`.
    package static func evaluate(_ dataset: DEUDataset) -> Result {
        let predictions = predictions(dataset)
        let count = predictions.outcomes.count
        let grid = weightGrid(Predictions.componentNames.count)
        let trainingIDs = Set(dataset.split.training.map(\.line))
        let training = dataset.issues.indices.filter { trainingIDs.contains(dataset.issues[$0].line) }
        let test = dataset.issues.indices.filter { !trainingIDs.contains(dataset.issues[$0].line) }
        let outOfFold = outOfFoldPredictions(predictions, grid: grid)
        let onSplit = fit(predictions, on: training, grid: grid)

        func paired(_ predicted: [Double]) -> Paired {
            var byProposal: [Int: (sum: Double, size: Int)] = [:]
            var total = 0.0
            for issue in 0..<count {
                let difference =
                    abs(predicted[issue] - predictions.outcomes[issue]) - abs(predictions.compromise[issue] - predictions.outcomes[issue])
                byProposal[predictions.proposals[issue], default: (0, 0)].sum += difference
                byProposal[predictions.proposals[issue], default: (0, 0)].size += 1
                total += difference
            }
            let mean = total / Double(max(count, 1))
            // Cluster-robust variance of the mean: Σ over proposals of (their sum − size × mean)².
            let variance = byProposal.keys.sorted().reduce(0.0) { sum, proposal in
                let cluster = byProposal[proposal]!
                let residual = cluster.sum - Double(cluster.size) * mean
                return sum + residual * residual
            }
            return Paired(meanDifference: mean, standardError: variance.squareRoot() / Double(max(count, 1)))
        }
        func row(_ name: String, split: (Int) -> Double, folds predicted: [Double]) -> Row {
            Row(
                name: name, test: meanError(split, predictions.outcomes, test), training: meanError(split, predictions.outcomes, training),
                crossValidated: meanError({ predicted[$0] }, predictions.outcomes, Array(0..<count)), paired: paired(predicted))
        }
        let weights = zip(Predictions.componentNames, onSplit.weights).filter { $0.1 > 0 }
            .map { "\($0.0) \(Int(($0.1 * 100).rounded())) %" }.joined(separator: ", ")
        let cost = disagreementCosts[onSplit.nashIndex]
        return Result(
            rows: [
                row("compromise (GDP capability × salience)", split: { predictions.compromise[$0] }, folds: predictions.compromise),
                row(
                    "procedure (Commission proposes, Nice-weighted QMV or unanimity, EP veto under COD)", split: { predictions.procedure[$0] },
                    folds: predictions.procedure),
                row("reference point (status quo)", split: { predictions.reference[$0] }, folds: predictions.reference),
                row(
                    "Nash bargaining from the reference point (cost \(Int(cost)) on the training half)",
                    split: { predictions.nash[onSplit.nashIndex][$0] }, folds: outOfFold.nash),
                row(
                    "learned combination (on the training half: \(weights))", split: { predictions.combined(onSplit.weights, $0) },
                    folds: outOfFold.combination),
            ], procedureApplies: predictions.procedureApplies)
    }
}
