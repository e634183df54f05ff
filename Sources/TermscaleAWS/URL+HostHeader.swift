import Foundation

extension URL {
    /// The `Host` header value for a request to this URL: the host, plus `:port` when the URL
    /// names a port that is not the scheme's default (what curl sends and botocore signs).
    var hostHeaderValue: String {
        var host = self.host(percentEncoded: true) ?? ""
        if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
        guard let port else { return host }
        switch (scheme?.lowercased(), port) {
        case ("http", 80), ("https", 443): return host
        default: return "\(host):\(port)"
        }
    }
}
