// The cost model, the workload, the metrics, the serving simulation, the outputs, the
// scenarios, the planning layer and the shared helpers are targets of their own (Package.swift);
// SimServeKit re-exports them so that its users (the CLI, the calibrator, the tests) see one
// library.
@_exported import CostModel
@_exported import SimSupport
@_exported import SimWorkload
@_exported import SimMetrics
@_exported import SimServing
@_exported import SimOutput
@_exported import SimScenario
@_exported import SimPlanning
