/// Times every kernel of a ``CalibrationPlan`` on this machine.
public struct CalibrationRun: Sendable {
    public var plan: CalibrationPlan
    /// Worker threads of the kernels (this machine's logical CPUs by default).
    public var threads: Int

    public init(plan: CalibrationPlan, threads: Int) {
        self.plan = plan
        self.threads = threads
    }

    /// Runs the plan ``CalibrationPlan/rounds`` times over, each kernel with a share of its
    /// time budget per round, and pools each kernel's repetitions: a burst of load from other
    /// processes then falls on several kernels a little instead of on one a lot. Rounds go
    /// through the plan forwards and backwards in turn, so that with an even number of rounds
    /// every kernel's timings sit at the same mean time in the run: a drift of the machine's
    /// speed during the run (a shared VM's clock moves with its host's load) then falls on all
    /// shapes alike instead of on those timed last — the held-out ones, which the plan lists
    /// after the fitted ones of each kernel. Measurements come back in the plan's order;
    /// `progress` hears of each kernel as its last round completes.
    /// - Complexity: the plan's kernels × its repetitions; about a minute for the standard
    ///   plan on two cores.
    public func measure(progress: (KernelMeasurement, Int, Int) -> Void = { _, _, _ in }) -> [KernelMeasurement] {
        let rounds = max(1, plan.rounds)
        var harness = plan.harness
        harness.budgetSeconds /= Double(rounds)
        harness.minimumRepetitions = max(1, (harness.minimumRepetitions + rounds - 1) / rounds)
        harness.maximumRepetitions = max(harness.minimumRepetitions, harness.maximumRepetitions / rounds)
        let bench = KernelBench(threads: threads, harness: harness)
        let flusher = CacheFlusher()
        var seconds = [[Double]](repeating: [], count: plan.cases.count)
        var cpu = [[Double]](repeating: [], count: plan.cases.count)
        var results: [KernelMeasurement?] = Array(repeating: nil, count: plan.cases.count)
        var reported = 0
        for round in 0..<rounds {
            let order = round % 2 == 0 ? Array(plan.cases.indices) : plan.cases.indices.reversed()
            for index in order {
                let (kernel, role) = plan.cases[index]
                let timed = bench.timeSeconds(kernel, flusher: flusher)
                seconds[index] += timed.wall
                cpu[index] += timed.cpuPerThread
                if round == rounds - 1 {
                    let measurement = KernelMeasurement(kernel: kernel, role: role, sample: TimingSample(seconds: seconds[index]),
                                                        cpuSample: TimingSample(seconds: cpu[index]))
                    results[index] = measurement
                    reported += 1
                    progress(measurement, reported, plan.cases.count)
                }
            }
        }
        return results.compactMap { $0 }
    }
}
