/// The keys a policy file may hold, per mapping, in the order the README documents them.
///
/// Later issues and users' files rely on these spellings; they mirror `Policy`'s properties
/// in snake_case.
enum PolicyKeys {
    static let root = [
        "name", "auto_scaling_group", "region", "timezone", "capacity", "exams", "windows",
        "target_tracking", "mix", "instance", "database", "limits",
    ]
    static let capacity = ["min", "max", "students_per_instance", "headroom_percent"]
    static let exams = [
        "prewarm_minutes", "hold_after_minutes", "extra_time_percent", "merge_gap_minutes",
        "default_candidates",
    ]
    static let targetTracking = ["metric", "resource_label", "target", "warmup_seconds", "disable_scale_in"]
    static let mix = [
        "on_demand_base", "on_demand_percent_above_base", "spot_allocation_strategy", "switch", "scheduler_role_arn",
    ]
    static let instance = [
        "type", "boot_minutes", "on_demand_price", "spot_price", "currency", "reserved_discount_percent",
    ]
    static let database = ["max_connections", "connections_per_instance"]
    static let limits = ["max_scheduled_actions", "horizon_days", "cron_interval_minutes"]

    /// The known key nearest to `key` when it is a likely typo (at most 2 edits away), else nil.
    /// Ties go to the key listed first.
    static func suggestion(for key: String, among known: [String]) -> String? {
        var best: (key: String, distance: Int)?
        for candidate in known {
            let d = editDistance(key, candidate)
            if d <= 2, d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best?.key
    }

    /// Levenshtein distance over Unicode scalars (insertions, deletions, substitutions).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = Swift.min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
