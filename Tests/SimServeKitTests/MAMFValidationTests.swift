import CostModel
import Foundation
import SimScenario
import TestSupport
import XCTest
@testable import SimServeKit

/// The presets' dense GEMMs against the published Maximum Achievable Matmul FLOPS
/// (`data/kernels/mamf.csv`, `simserve validate mamf`): the file's rows and split, the fit of a
/// 16-bit efficiency to a MAMF row, the MI300X preset taking that figure, and bad input.
final class MAMFValidationTests: XCTestCase {
    private static let table = TestSupport.packageRoot.appendingPathComponent("data/kernels/mamf.csv").path

    private func temporaryFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mamf-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    private static let header = "accelerator,gpu,dtype,mamf_tflops,theory_tflops,m,n,k,torch_version,notes\n"

    /// Every row of the shipped table with a preset is compared; only the MI300X's 16-bit row is
    /// a fit row, and the model's TFLOPS is the row's FLOPs over the preset's GEMM kernel time.
    func testShippedTableComparesPresetRowsWithTheMI300XRowAsTheFitRow() throws {
        let rows = try MAMFValidation.read(path: Self.table)
        XCTAssertGreaterThanOrEqual(rows.count, 16)
        let comparisons = try MAMFValidation.compare(path: Self.table)
        XCTAssertEqual(comparisons.count, rows.filter { $0.gpu != nil }.count)
        XCTAssertEqual(comparisons.filter(\.isFit).map { "\($0.gpu)/\($0.row.dtype.rawValue)" }, ["mi300x/bf16"])
        let h100 = try XCTUnwrap(comparisons.first { $0.gpu == "h100-sxm" && $0.row.dtype == .bf16 })
        let hardware = try Presets.hardware(named: "h100-sxm")
        let seconds = KernelTimeModel(hardware: hardware, weightDtype: .bf16)
            .gemm(m: h100.row.m, n: h100.row.n, k: h100.row.k, weightBytes: 2, activationBytes: 2).seconds
        XCTAssertEqual(h100.predictedTflops, 2 * h100.row.m * h100.row.n * h100.row.k / seconds / 1e12, accuracy: 1e-9)
        let markdown = MAMFValidation.markdown(comparisons, path: Self.table)
        XCTAssertTrue(markdown.contains("| mi300x | bf16 | 10240×15360×8192 | 668.4 |"), markdown)
        XCTAssertTrue(markdown.contains("Held-out rows: \(comparisons.count - 1)"), markdown)
    }

    /// The Azure benchmark's GEMM grids (cuBLASLt fp16 on A100, fp8 on H100/H200, hipBLASLt fp8
    /// on MI300X) read through the same path, every row held out (no preset figure is set from
    /// them), with their software named.
    func testAzureGemmGridIsAllHeldOut() throws {
        let path = TestSupport.packageRoot.appendingPathComponent("data/kernels/azure_gemm.csv").path
        let comparisons = try MAMFValidation.compare(path: path)
        XCTAssertEqual(comparisons.count, 35)
        XCTAssertTrue(comparisons.allSatisfy { !$0.isFit })
        XCTAssertEqual(Set(comparisons.map(\.gpu)), ["a100-80gb", "h100-sxm", "h200", "mi300x"])
        let mi300x = try XCTUnwrap(comparisons.first { $0.gpu == "mi300x" && $0.row.m == 8192 })
        XCTAssertEqual(mi300x.row.dtype, .fp8)
        XCTAssertEqual(mi300x.row.measuredTflops, 1159.23)
        XCTAssertEqual(mi300x.row.software, "HIP 6.2.41133 (ROCm as printed: 6.8.1)")
    }

    /// The MI300X preset's 16-bit efficiency is the one its MAMF row gives (what `validate
    /// mamf --fit-gpu mi300x` prints), so its GEMM reaches that row's throughput at its shape.
    func testMI300XPresetTakesItsMAMFEfficiency() throws {
        let fitted = try MAMFValidation.fitComputeEfficiency(gpu: "mi300x", path: Self.table)
        let preset = try Presets.hardware(named: "mi300x")
        XCTAssertEqual(preset.computeEfficiency, fitted, accuracy: 1e-4)
        let mi300x = try XCTUnwrap(try MAMFValidation.compare(path: Self.table).first { $0.gpu == "mi300x" })
        XCTAssertEqual(mi300x.error, 0, accuracy: 2e-4)
        XCTAssertTrue(preset.kernelDataDescription.contains("MAMF"))
    }

    /// The bisection recovers a known efficiency: a row whose TFLOPS is what the H100 preset's
    /// GEMM reaches with efficiency 0.55 at the row's shape fits 0.55.
    func testFitRecoversAKnownEfficiency() throws {
        var hardware = try Presets.hardware(named: "h100-sxm")
        hardware.computeEfficiency = 0.55
        let row = MAMFValidation.Row(accelerator: "x", gpu: "h100-sxm", dtype: .bf16, measuredTflops: 1,
                                     m: 4096, n: 8192, k: 8192, software: "")
        let tflops = MAMFValidation.predictedTflops(row, hardware: hardware)
        let path = try temporaryFile(Self.header + "x,h100-sxm,bf16,\(tflops),989,4096,8192,8192,t,\n")
        XCTAssertEqual(try MAMFValidation.fitComputeEfficiency(gpu: "h100-sxm", path: path), 0.55, accuracy: 1e-6)
    }

    /// Bad files are refused by what is wrong; the command exits 2 with the message.
    func testBadInputIsRefused() throws {
        let noColumn = try temporaryFile("accelerator,gpu,dtype,mamf_tflops\nx,h100-sxm,bf16,1\n")
        XCTAssertThrowsError(try MAMFValidation.read(path: noColumn)) {
            XCTAssertEqual($0 as? OpValidationError, .missingColumn(path: noColumn, column: "m"))
        }
        let badDtype = try temporaryFile(Self.header + "x,h100-sxm,bf17,1,2,3,4,5,t,\n")
        XCTAssertThrowsError(try MAMFValidation.read(path: badDtype)) {
            XCTAssertTrue("\($0)".contains("data row 1"), "\($0)")
        }
        let badPreset = try temporaryFile(Self.header + "x,h100-sxn,bf16,1,2,3,4,5,t,\n")
        XCTAssertThrowsError(try MAMFValidation.compare(path: badPreset)) { XCTAssertTrue("\($0)".contains("h100-sxn"), "\($0)") }
        XCTAssertThrowsError(try MAMFValidation.fitComputeEfficiency(gpu: "l4", path: Self.table)) {
            XCTAssertEqual($0 as? OpValidationError, .noRows(path: Self.table, what: "bf16 or fp16 MAMF row for l4"))
        }
        let result = try TestSupport.runCLI(["validate", "mamf", "--data", Self.table, "--fit-gpu", "l4"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("no bf16 or fp16 MAMF row for l4"), result.stderr)
    }

    /// A kernel table's GEMMs (the own H200 measurements: cuBLAS bf16 and `torch._scaled_mm` fp8,
    /// inputs already in fp8) read through the same path: the GPU named by its table label and
    /// mapped to its preset, every row held out, and the summary groups them by rows m.
    func testKernelTableLayoutIsReadByLabelAndSummarised() throws {
        let path = TestSupport.packageRoot.appendingPathComponent("data/kernels/h200-own/gemm.csv").path
        let comparisons = try MAMFValidation.compare(path: path)
        XCTAssertGreaterThan(comparisons.count, 800)
        XCTAssertEqual(Set(comparisons.map(\.gpu)), ["h200"])
        XCTAssertEqual(Set(comparisons.map(\.row.dtype)), [.bf16, .fp8])
        XCTAssertTrue(comparisons.allSatisfy { !$0.isFit && $0.row.accelerator == "H200-SXM" })
        let summary = MAMFValidation.summaryMarkdown(comparisons, path: path)
        for group in ["| h200 | fp8 | m ≤ 256 |", "| h200 | fp8 | m > 2048 |", "| h200 | bf16 | 256 < m ≤ 2048 |"] {
            XCTAssertTrue(summary.contains(group), summary)
        }
        let unknown = try temporaryFile("gpu,dtype,m,n,k,tflops\nX-GPU,bf16,1,2,3,4\nH100-SXM,fp8,4096,4096,4096,1200\n")
        XCTAssertEqual(try MAMFValidation.compare(path: unknown).map(\.gpu), ["h100-sxm"])
        let result = try TestSupport.runCLI(["validate", "mamf", "--data", path, "--summary"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("| h200 | fp8 | m > 2048 |"), result.stdout)
    }

    /// `--sustained` times each GEMM back to back under the power limit: on h200 (which sets a
    /// limit time constant) compute-bound shapes slow and weight-bound ones do not; a GPU without
    /// the key stays at full clock.
    func testSustainedSlowsComputeBoundGemmsWhereTheGPUSetsALimit() throws {
        let h200 = try Presets.hardware(named: "h200"), a100 = try Presets.hardware(named: "a100-80gb")
        func row(_ m: Double, _ dtype: DataType = .bf16) -> MAMFValidation.Row {
            MAMFValidation.Row(accelerator: "x", gpu: nil, dtype: dtype, measuredTflops: 1, m: m, n: 8192, k: 8192, software: "")
        }
        let large = MAMFValidation.predictedTflops(row(8192), hardware: h200)
        let largeSustained = MAMFValidation.predictedTflops(row(8192), hardware: h200, sustained: true)
        XCTAssertLessThan(largeSustained, large * 0.95)
        XCTAssertGreaterThan(largeSustained, large * 0.8)
        XCTAssertEqual(MAMFValidation.predictedTflops(row(16), hardware: h200, sustained: true),
                       MAMFValidation.predictedTflops(row(16), hardware: h200))
        XCTAssertEqual(MAMFValidation.predictedTflops(row(8192), hardware: a100, sustained: true),
                       MAMFValidation.predictedTflops(row(8192), hardware: a100))
        let path = TestSupport.packageRoot.appendingPathComponent("data/kernels/h200-own/gemm.csv").path
        let result = try TestSupport.runCLI(["validate", "mamf", "--data", path, "--summary", "--sustained"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("| h200 | bf16 | m > 2048 |"), result.stdout)
    }
}
