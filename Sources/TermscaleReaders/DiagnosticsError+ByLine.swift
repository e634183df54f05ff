import TermscaleCore

extension DiagnosticsError {
    /// `diagnostics` in the order a reader reports them: by line, those without a line first;
    /// problems on one line keep the order they were found in (a row's keep its column order).
    init(byLine diagnostics: [Diagnostic]) {
        let ordered = diagnostics.enumerated().sorted {
            ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset)
        }
        self.init(ordered.map(\.element))
    }
}
