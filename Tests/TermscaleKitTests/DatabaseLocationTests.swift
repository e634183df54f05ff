import Testing

@testable import TermscaleKit

@Suite struct DatabaseLocationTests {
    @Test func optionWinsOverEverything() {
        #expect(
            DatabaseLocation.resolve(option: "/tmp/a.sqlite", environment: ["TERMSCALE_DB": "/x", "HOME": "/root"])
                == "/tmp/a.sqlite")
    }

    @Test func environmentThenXDGThenHome() {
        #expect(
            DatabaseLocation.resolve(option: nil, environment: ["TERMSCALE_DB": "/srv/t.sqlite", "HOME": "/root"])
                == "/srv/t.sqlite")
        #expect(
            DatabaseLocation.resolve(option: nil, environment: ["XDG_STATE_HOME": "/var/state", "HOME": "/root"])
                == "/var/state/termscale/termscale.sqlite")
        #expect(
            DatabaseLocation.resolve(option: nil, environment: ["HOME": "/home/ops"])
                == "/home/ops/.local/state/termscale/termscale.sqlite")
    }

    @Test func relativeXDGIsIgnoredAsTheSpecSays() {
        #expect(
            DatabaseLocation.resolve(option: nil, environment: ["XDG_STATE_HOME": "state", "HOME": "/home/ops"])
                == "/home/ops/.local/state/termscale/termscale.sqlite")
    }

    @Test func cronWithNoEnvironmentHasNoDefault() {
        #expect(DatabaseLocation.resolve(option: nil, environment: [:]) == nil)
    }
}
