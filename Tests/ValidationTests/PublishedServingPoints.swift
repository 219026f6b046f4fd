import Foundation
import TestSupport
import SimServeKit

/// The published serving points of data/serving/points.csv as the report builds them: a
/// scenario each, reading its length files from that folder; with `contextFitted`, each with
/// the context limit its server must have run (``ServingValidation/contextFitted(_:)``), as
/// `simserve validate serving` runs them.
func publishedServingScenarios(contextFitted: Bool) throws -> [ServingPointScenario] {
    let points = TestSupport.packageRoot.appendingPathComponent("data/serving/points.csv").path
    let directory = URL(fileURLWithPath: points).deletingLastPathComponent().path
    return try ServingPoint.read(path: points).compactMap(ServingPointScenario.init).map { scenario in
        var scenario = scenario
        scenario.dataDirectory = directory
        return contextFitted ? ServingValidation.contextFitted(scenario) ?? scenario : scenario
    }
}
