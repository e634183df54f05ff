import TermscaleCore
import TermscaleStore

/// `termscale history`: the recorded push runs, the change record of what termscale did to each
/// group.
public enum PushHistory {
    /// How many runs `termscale history` shows without `--limit`.
    public static let defaultLimit = 20

    /// The latest `limit` runs, of `group` if given, newest first.
    public static func records(on store: CalendarStore, group: String?, limit: Int) throws -> [PushRecord] {
        try store.pushHistory(group: group, limit: limit)
    }
}
