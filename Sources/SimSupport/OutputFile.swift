import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Output files written safely: the directory checked before any work, every file written
/// to a temporary name beside it and renamed into place (a reader never sees half a file),
/// and every failure worded as the operating system gave it ("Permission denied", "Not a
/// directory"), never as a Foundation error code.
public enum OutputFile {
    /// Checks that `directory` exists and is writable, or can be created: every existing
    /// ancestor is a directory and the deepest one is writable. Creates nothing.
    ///
    /// - Throws: ``OutputError/cannotCreateDirectory(path:reason:)`` with the reason.
    public static func checkDirectory(_ directory: String) throws(OutputError) {
        var path = directory.isEmpty ? "." : directory
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        var info = stat()
        // The deepest existing ancestor, and whether everything on the way is a directory.
        var probe = path
        while stat(probe, &info) != 0 {
            let code = errno
            guard code == ENOENT || code == ENOTDIR else { throw .cannotCreateDirectory(path: directory, reason: reason(code, probe)) }
            guard let slash = probe.lastIndex(of: "/") else { probe = "."; continue }
            probe = slash == probe.startIndex ? "/" : String(probe[..<slash])
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw .cannotCreateDirectory(path: directory, reason: "'\(probe)' is not a directory")
        }
        guard access(probe, W_OK | X_OK) == 0 else {
            throw .cannotCreateDirectory(path: directory, reason: reason(errno, probe))
        }
    }

    /// Creates `directory` and its missing parents.
    public static func createDirectory(_ directory: String) throws(OutputError) {
        try checkDirectory(directory)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateDirectory(path: directory, reason: describe(error))
        }
    }

    /// Writes `data` to `path` atomically: into a temporary file beside it, then renamed.
    public static func write(_ data: Data, to path: String) throws(OutputError) {
        let temporary = temporaryPath(for: path)
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw .cannotWrite(path: path, reason: describe(error))
        }
        try commit(temporary, to: path)
    }

    /// Writes `text` to `path` atomically.
    public static func write(_ text: String, to path: String) throws(OutputError) {
        try write(Data(text.utf8), to: path)
    }

    /// A temporary name beside `path` for a file to be renamed onto it by ``commit(_:to:)``.
    public static func temporaryPath(for path: String) -> String {
        path + ".tmp-\(getpid())"
    }

    /// Renames a finished temporary file onto `path` (atomic on one file system).
    public static func commit(_ temporary: String, to path: String) throws(OutputError) {
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .cannotWrite(path: path, reason: reason(code, path))
        }
    }

    /// What the operating system said about `error`: its POSIX message when it carries one.
    public static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileNoSuchFile, .fileReadNoSuchFile: return "No such file or directory"
            case .fileWriteNoPermission, .fileReadNoPermission: return "Permission denied"
            case .fileWriteOutOfSpace: return "No space left on device"
            case .fileWriteVolumeReadOnly: return "Read-only file system"
            case .fileReadCorruptFile, .fileReadInapplicableStringEncoding: return "not readable as text"
            default: break
            }
        }
        return ns.localizedDescription
    }

    private static func reason(_ code: Int32, _ path: String) -> String {
        "\(String(cString: strerror(code))) ('\(path)')"
    }
}
