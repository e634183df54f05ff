import Foundation

/// moto_server's request log (werkzeug writes one line per request, `… "POST / HTTP/1.1" 200 -`,
/// as it sends the response headers, so a request a client has had its answer to is already in
/// it): the server's own count of the HTTP requests a run made, retries and every page included.
struct MotoLog {
    var path: String

    /// The AWS API requests logged so far (moto's own `/moto-api/` calls are not counted).
    func requests() throws -> Int {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchError.missingInput(path: path, hint: "moto_server's log; bench/push-bench starts moto with it")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").count { $0.contains(#""POST / HTTP/"#) }
    }

    /// The requests `body` makes: the log's count after it less the count before.
    func counting<T>(_ body: () throws -> T) throws -> (value: T, requests: Int) {
        let before = try requests()
        let value = try body()
        return (value, try requests() - before)
    }
}
