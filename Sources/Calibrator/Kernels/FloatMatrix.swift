/// A row-major matrix of `Float` in 64-byte-aligned memory that this object owns and frees.
///
/// The kernels read and write it through raw pointers (``baseAddress``); element access by
/// subscript is for setting up inputs and checking results. A reference type so that large
/// operands are never copied; not thread-safe to mutate from two threads, but the kernels
/// write disjoint parts of it from their threads.
public final class FloatMatrix: @unchecked Sendable {
    public let rows: Int
    public let columns: Int
    /// The first element; element (i, j) is at `baseAddress + i · columns + j`.
    public let baseAddress: UnsafeMutablePointer<Float>

    /// A `rows × columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "FloatMatrix needs non-negative sizes, got \(rows) × \(columns)")
        self.rows = rows
        self.columns = columns
        let count = max(1, rows * columns)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
        baseAddress = raw.bindMemory(to: Float.self, capacity: count)
        baseAddress.initialize(repeating: value, count: count)
    }

    /// A matrix with entries drawn by `generator` in row-major order.
    public convenience init(rows: Int, columns: Int, generator: () -> Float) {
        self.init(rows: rows, columns: columns)
        for i in 0..<(rows * columns) { baseAddress[i] = generator() }
    }

    deinit { UnsafeMutableRawPointer(baseAddress).deallocate() }

    public var count: Int { rows * columns }

    public subscript(row: Int, column: Int) -> Float {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "index (\(row), \(column)) outside \(rows) × \(columns)")
            return baseAddress[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "index (\(row), \(column)) outside \(rows) × \(columns)")
            baseAddress[row * columns + column] = newValue
        }
    }

    /// Sets every element to `value`.
    public func fill(_ value: Float) {
        baseAddress.update(repeating: value, count: count)
    }

    /// The elements in row-major order (a copy).
    public var elements: [Float] { Array(UnsafeBufferPointer(start: baseAddress, count: count)) }
}
