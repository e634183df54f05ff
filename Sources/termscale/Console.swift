import Foundation
import TermscaleKit

/// Where a command's report goes — standard output or `--output FILE` — and whether it may be
/// coloured: only on a terminal, without `NO_COLOR`, and with a `TERM` other than `dumb`.
struct Console {
    var outputPath: String?
    var environment: [String: String]

    var color: Bool {
        outputPath == nil && isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    /// Writes `report`; each warning goes to standard error as `warning: …`, unless the report
    /// lists them itself (`listsWarnings`) and is going to standard output.
    func emit(_ report: String, warnings: [String] = [], listsWarnings: Bool = false) throws {
        if let outputPath {
            do {
                try Data(report.utf8).write(to: URL(fileURLWithPath: outputPath))
            } catch {
                throw TermscaleError.unwritableOutput(path: outputPath, reason: error.localizedDescription)
            }
        } else {
            printOut(report)
        }
        if !(listsWarnings && outputPath == nil) {
            for warning in warnings { printError("warning: \(warning)") }
        }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
