import Parley
import ParleyFormats

/// The input is a Parley scenario file, YAML or JSON; one that reads is also validated and
/// written back out, as `parley convert` would.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let scenario = try? ScenarioFile.decode(text, file: "fuzz.yaml") {
        _ = try? scenario.validate()
        _ = ScenarioFile.encode(scenario, as: .json)
    }
    return 0
}
