import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

/// The proxy variables, proven with the built binary (each run its own process and environment,
/// so nothing leaks into other tests) through a local forward proxy (Fixtures/connect_proxy.py)
/// in front of moto with signature checking on. The endpoint names a host that exists nowhere,
/// `autoscaling.proxy-test.invalid`: a call that did not go through the proxy could not even
/// resolve it. libcurl reads the variables itself; this is what CurlTransport's documentation
/// promises of it.
@Suite(.serialized) struct ProxyEndToEndTests {
    static let fixtures = TermscaleBinary.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures")
    static let host = "autoscaling.proxy-test.invalid"

    /// The proxy, relaying to `upstream`, listening on a loopback port it chose.
    final class ForwardProxy {
        let process = Process()
        let lifeline = Pipe()
        let folder: TemporaryFolder
        let port: Int
        var url: String { "http://127.0.0.1:\(port)" }
        /// The request lines it was sent, in order.
        var requests: [String] {
            ((try? String(contentsOfFile: folder.path("requests.log"), encoding: .utf8)) ?? "")
                .split(separator: "\n").map(String.init)
        }

        init(upstream: URL) throws {
            folder = try TemporaryFolder()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", fixtures.appendingPathComponent("connect_proxy.py").path, "--upstream", upstream.absoluteString,
                "--port-file", folder.path("port"), "--log", folder.path("requests.log"),
                "--cert", fixtures.appendingPathComponent("proxy-test-tls-cert.pem").path,
                "--key", fixtures.appendingPathComponent("proxy-test-tls-key.pem").path,
            ]
            process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
            process.standardInput = lifeline
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            port = try PortFile.waitForPort(at: folder.path("port"), of: process, server: "connect_proxy.py")
        }

        deinit {
            try? lifeline.fileHandleForWriting.close()
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    @Test func callsGoThroughTheProxyTheVariablesNameAndLoopbackNever() throws {
        // Given moto with the group, and the proxy in front of it
        let moto = try MotoServer(unauthenticatedRequests: MotoServer.autoScalingSetupRequests)
        let key = try moto.setUpAutoScalingGroup("moodle-web", region: "eu-west-2")
        let proxy = try ForwardProxy(upstream: moto.endpoint)
        let base = [
            "AWS_ACCESS_KEY_ID": key.accessKeyID, "AWS_SECRET_ACCESS_KEY": key.secretAccessKey,
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CA_BUNDLE": Self.fixtures.appendingPathComponent("proxy-test-tls-cert.pem").path,
        ]
        func status(_ endpoint: String, _ environment: [String: String], _ extra: [String] = []) throws
            -> TermscaleBinary.Result
        {
            try TermscaleBinary.run(
                ["status", "--policy", "policies/moodle-web.yaml", "--endpoint-url", endpoint] + extra,
                environment: base.merging(environment) { $1 })
        }

        // https_proxy: a CONNECT tunnel, TLS verified end to end for the remote name.
        let https = try status("https://\(Self.host)/", ["https_proxy": proxy.url])
        #expect(https.exitCode == 0, "\(https.stderr)")
        #expect(https.stdout.hasPrefix("group moodle-web · region eu-west-2 (the policy) · endpoint https://\(Self.host)/"))
        let tunnels = proxy.requests
        #expect(!tunnels.isEmpty)
        #expect(tunnels.allSatisfy { $0 == "CONNECT \(Self.host):443" }, "\(tunnels)")

        // http_proxy: the request itself, in absolute form.
        let http = try status("http://\(Self.host)/", ["http_proxy": proxy.url], ["--allow-insecure-endpoint"])
        #expect(http.exitCode == 0, "\(http.stderr)")
        let forwarded = Array(proxy.requests.dropFirst(tunnels.count))
        #expect(!forwarded.isEmpty)
        #expect(forwarded.allSatisfy { $0 == "POST http://\(Self.host)/" }, "\(forwarded)")

        // Loopback is reached directly, whatever the variables say.
        let seen = proxy.requests.count
        let direct = try status(
            moto.endpoint.absoluteString, ["http_proxy": proxy.url, "https_proxy": proxy.url, "all_proxy": proxy.url])
        #expect(direct.exitCode == 0, "\(direct.stderr)")
        #expect(proxy.requests.count == seen)

        // no_proxy takes the host off the proxy, and upper-case HTTP_PROXY is ignored (httpoxy):
        // either way the call goes direct, and the name does not resolve.
        for (endpoint, environment, extra) in [
            ("https://\(Self.host)/", ["https_proxy": proxy.url, "no_proxy": "proxy-test.invalid"], [String]()),
            ("http://\(Self.host)/", ["HTTP_PROXY": proxy.url], ["--allow-insecure-endpoint"]),
        ] {
            let bypassed = try status(endpoint, environment.merging(["AWS_MAX_ATTEMPTS": "1"]) { $1 }, extra)
            #expect(bypassed.exitCode != 0)
            #expect(bypassed.stderr.contains(Self.host), "\(bypassed.stderr)")
            #expect(proxy.requests.count == seen, "\(environment)")
        }
    }
}
