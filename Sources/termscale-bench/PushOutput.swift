import Foundation
import TermscaleCore

/// The part of `termscale push --format json` the push benchmark checks: one element per group.
struct PushOutput: Decodable {
    /// An action as push reports it, and as bench/push_boto3.py reads its desired actions.
    struct Action: Codable, Equatable {
        var name: String
        var startTime: String
        var minSize: Int
    }

    struct Call: Decodable {
        var action: String
        var succeeded: Bool
    }

    var group: String
    var outcome: String
    var puts: [Action]
    var updates: [Action]
    var deletes: [String]
    var unchanged: Int
    var calls: [Call]
    var errors: [String]

    /// The calls that write (every call push makes is a Describe… read or a write).
    var writeCalls: [String] { calls.map(\.action).filter(PushRecord.Call.isWrite) }

    static func decode(_ stdout: String) throws -> [PushOutput] {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode([PushOutput].self, from: Data(stdout.utf8))
        } catch {
            throw BenchError.check("termscale push --format json: unreadable output (\(error)):\n\(stdout.prefix(2000))")
        }
    }

    /// `{"GROUP": [{"name", "start_time", "min_size"}, …]}`, the desired-actions file of
    /// bench/push_boto3.py, from what the first push of each group put.
    static func desiredActions(_ groups: [PushOutput]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(Dictionary(groups.map { ($0.group, $0.puts) }, uniquingKeysWith: { a, _ in a }))
    }
}
