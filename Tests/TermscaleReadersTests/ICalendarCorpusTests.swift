import Foundation
import Testing
import TermscaleCore
import TermscaleReaders

/// The third-party corpora copied unchanged into `Fixtures/corpora/ics`.
enum ICSCorpus {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/corpora/ics")

    /// Every `.ics` file, as paths relative to `root`, sorted.
    static var files: [String] {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var out: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "ics" {
                out.append(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
            }
        }
        return out.sorted()
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    enum Outcome {
        case batch(ImportBatch)
        case refused([Diagnostic])
    }

    static func read(_ relative: String, kind: EventKind) throws -> Outcome {
        let reader = ICalendarReader(options: ReaderOptions(kind: kind, zone: IANAZone(identifier: "Europe/London")!))
        do {
            return .batch(try reader.read(try bytes(relative), file: relative, source: relative))
        } catch let error as DiagnosticsError {
            return .refused(error.diagnostics)
        }
    }
}

@Suite struct ICalendarCorpusTests {
    @Test func corpusIsPresent() {
        #expect(ICSCorpus.files.count > 150)
        for license in ["icalendar/LICENSE.rst", "icaljs-parser/LICENSE", "icaljs-samples/LICENSE"] {
            #expect(FileManager.default.fileExists(atPath: ICSCorpus.root.appendingPathComponent(license).path), "\(license)")
        }
    }

    @Test(arguments: [EventKind.exam, EventKind.window])
    func everyFileIsImportedOrRefusedWithLines(kind: EventKind) throws {
        for file in ICSCorpus.files {
            switch try ICSCorpus.read(file, kind: kind) {
            case .batch(let batch):
                for event in batch.events {
                    #expect(event.end > event.start, "\(file): \(event)")
                    #expect(event.sourceLine >= 1, "\(file): \(event)")
                }
                if ProcessInfo.processInfo.environment["ICS_CORPUS_REPORT"] != nil { print("OK \(kind) \(file) \(batch.count)") }
            case .refused(let diagnostics):
                #expect(!diagnostics.isEmpty, "\(file)")
                for diagnostic in diagnostics {
                    #expect(diagnostic.line != nil && diagnostic.line! >= 1, "\(file): \(diagnostic)")
                    #expect(diagnostic.file == file)
                }
                if ProcessInfo.processInfo.environment["ICS_CORPUS_REPORT"] != nil {
                    print("REFUSED \(kind) \(file)\n  " + diagnostics.prefix(3).map(\.description).joined(separator: "\n  "))
                }
            }
        }
    }
}
