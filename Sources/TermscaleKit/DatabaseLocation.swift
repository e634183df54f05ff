/// Where the state database lives.
public enum DatabaseLocation {
    /// `--db`, else `$TERMSCALE_DB`, else `$XDG_STATE_HOME/termscale/termscale.sqlite`, else
    /// `$HOME/.local/state/termscale/termscale.sqlite`. Nil when none can be found (cron with an
    /// empty environment and no `--db`).
    public static func resolve(option: String?, environment: [String: String]) -> String? {
        if let option, !option.isEmpty { return option }
        if let path = environment["TERMSCALE_DB"], !path.isEmpty { return path }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/termscale/termscale.sqlite"
        }
        if let home = environment["HOME"], !home.isEmpty {
            return home + "/.local/state/termscale/termscale.sqlite"
        }
        return nil
    }
}
