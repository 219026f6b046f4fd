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
    /// processes then falls on several kernels a little instead of on one a lot.
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
        var results: [KernelMeasurement] = []
        for round in 0..<rounds {
            for (index, (kernel, role)) in plan.cases.enumerated() {
                let timed = bench.timeSeconds(kernel, flusher: flusher)
                seconds[index] += timed.wall
                cpu[index] += timed.cpuPerThread
                if round == rounds - 1 {
                    let measurement = KernelMeasurement(kernel: kernel, role: role, sample: TimingSample(seconds: seconds[index]),
                                                        cpuSample: TimingSample(seconds: cpu[index]))
                    results.append(measurement)
                    progress(measurement, index + 1, plan.cases.count)
                }
            }
        }
        return results
    }
}
