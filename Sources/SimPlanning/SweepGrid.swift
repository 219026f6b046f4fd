import SimScenario

/// The cartesian product of a sweep's parameters, in a fixed order: the first parameter
/// varies slowest, the last fastest, like nested loops written in the order of the `--set`
/// options. Point *k* is the same point on every machine, which is what makes sharding work.
///
///     let grid = SweepGrid([rate 10,20,30], [tp 1,2])
///     grid.point(1).assignments   // ["workload.arrival.rate=10", "cluster.tp=2"]
public struct SweepGrid: Equatable, Sendable {
    public var parameters: [SweepParameter]

    /// The most points a sweep may have.
    public static let maxPoints = 10_000_000

    /// - Throws: ``PlanningInputError`` when a key is swept twice or the grid is too large.
    public init(_ parameters: [SweepParameter]) throws(PlanningInputError) {
        var seen: Set<String> = []
        var count = 1
        for parameter in parameters {
            guard seen.insert(parameter.key).inserted else {
                throw PlanningInputError(option: "--set", "'\(parameter.key)' is given twice; list all its values in one --set")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: parameter.values.count)
            guard !overflow, product <= Self.maxPoints else {
                throw PlanningInputError(option: "--set", "the grid has more than \(Self.maxPoints) points; sweep fewer values")
            }
            count = product
        }
        self.parameters = parameters
    }

    /// The number of points (1 for a grid without parameters: the scenario as written).
    public var count: Int { parameters.reduce(1) { $0 * $1.values.count } }

    /// The point at `index` (0 ≤ index < count).
    public func point(_ index: Int) -> SweepPoint {
        precondition(index >= 0 && index < count, "point \(index) is outside the grid of \(count) points")
        var rest = index
        var values = [String](repeating: "", count: parameters.count)
        for p in parameters.indices.reversed() {
            let n = parameters[p].values.count
            values[p] = parameters[p].values[rest % n]
            rest /= n
        }
        return SweepPoint(index: index, keys: parameters.map(\.key), values: values)
    }

    /// The indices of the points that belong to `shard`, in increasing order.
    public func indices(in shard: Shard) -> [Int] {
        Array(stride(from: shard.index, to: count, by: shard.count))
    }
}

/// One point of a sweep: its index in the grid and the value of each parameter.
public struct SweepPoint: Equatable, Sendable {
    public var index: Int
    public var keys: [String]
    public var values: [String]

    /// The point as `--set` assignments.
    public var assignments: [String] { zip(keys, values).map { "\($0)=\($1)" } }
}

/// A deterministic slice of a sweep: point *k* belongs to shard *k* mod *n*. Round-robin, not
/// blocks, so that every shard gets a share of the expensive corner of the grid.
///
/// Written `i/n` with 0 ≤ i < n — the numbering of a Kubernetes indexed Job's
/// `JOB_COMPLETION_INDEX` and of a Slurm array declared `--array=0-(n-1)`.
public struct Shard: Equatable, Sendable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    /// The whole sweep.
    public static let all = Shard(index: 0, count: 1)

    public init(index: Int, count: Int) {
        precondition(count >= 1 && index >= 0 && index < count, "shard \(index)/\(count) is not valid")
        self.index = index
        self.count = count
    }

    /// Parses `i/n`.
    public init(parsing text: String) throws(PlanningInputError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0].strippingBlanks), let n = Int(parts[1].strippingBlanks),
              n >= 1, i >= 0, i < n
        else {
            throw PlanningInputError(option: "--shard", "'\(text)' is not valid; expected i/n with 0 ≤ i < n (e.g. 0/4)")
        }
        self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }
}
