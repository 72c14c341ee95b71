import ParleyForecast

/// The input is a stakeholder table, read both as CSV and as YAML.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? StakeholderTable.parse(csv: text, file: "fuzz.csv")
    _ = try? StakeholderTable.parse(yaml: text, file: "fuzz.yaml")
    return 0
}
