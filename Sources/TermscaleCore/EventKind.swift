/// What an imported event is for: an exam session raises capacity; a window sets a floor.
public enum EventKind: String, Codable, Sendable, CaseIterable, Hashable {
    case exam
    case window
}
