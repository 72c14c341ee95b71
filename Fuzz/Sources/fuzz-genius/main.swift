import ParleyFormats

/// The input is up to three GENIUS XML files separated by NUL bytes (a domain and profiles, in
/// any order): the importer tells them apart by content, as it does for a folder.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let parts = bytes.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
    let files = parts.enumerated().map { (name: "file\($0.offset).xml", bytes: Array($0.element)) }
    _ = try? GeniusImporter().importScenario(files: files, name: "fuzz", location: "fuzz")
    return 0
}
