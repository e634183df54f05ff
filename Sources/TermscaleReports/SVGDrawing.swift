/// The SVG primitives the charts share: coordinates, escaping, rectangles and lines, each
/// element on its own line.
protocol SVGDrawing {}

extension SVGDrawing {
    func c(_ v: Double) -> String { HTMLText.coordinate(v) }
    func e(_ s: String) -> String { HTMLText.escape(s) }

    func rect(_ cls: String, _ x: Double, _ y: Double, _ w: Double, _ h: Double) -> String {
        "<rect class=\"\(cls)\" x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(max(0, w)))\" height=\"\(c(max(0, h)))\"/>\n"
    }

    func line(_ cls: String, _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) -> String {
        "<line class=\"\(cls)\" x1=\"\(c(x1))\" y1=\"\(c(y1))\" x2=\"\(c(x2))\" y2=\"\(c(y2))\"/>\n"
    }
}
