import TermscaleCore

/// Text helpers for the HTML report: escaping, and number forms that do not depend on the locale
/// (so the same report is byte-identical on every machine).
enum HTMLText {
    /// The start of a self-contained page up to and including `<body>`: the already escaped
    /// `title` and the `css` inline.
    static func documentStart(title: String, css: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title>
        <style>
        \(css)</style>
        </head>
        <body>

        """
    }

    /// `lines`, escaped, as the page's assumptions list.
    static func assumptions(_ lines: [String]) -> String {
        "<h3>Assumptions</h3>\n<ul class=\"assumptions\">\n" + lines.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
    }
    /// `s` safe in element content and in double- or single-quoted attribute values.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A coordinate to one decimal place, without a trailing `.0`: `534`, `12.5`, `-3.2`.
    static func coordinate(_ x: Double) -> String {
        let tenths = Int((x * 10).rounded())
        let whole = String(tenths.magnitude / 10)
        let fraction = tenths.magnitude % 10
        return (tenths < 0 ? "-" : "") + whole + (fraction == 0 ? "" : ".\(fraction)")
    }

    /// Two decimal places: `3.5` → `3.50`.
    static func fixed2(_ x: Double) -> String {
        let hundredths = Int((x * 100).rounded())
        let fraction = hundredths.magnitude % 100
        return (hundredths < 0 ? "-" : "") + String(hundredths.magnitude / 100) + "." + fraction.zeroPadded(to: 2)
    }

    /// Approximate advance width of `s` in pixels at `size` px, erring wide (DejaVu Sans metrics,
    /// the widest common sans-serif), so labels placed with it do not collide in any font.
    static func width(_ s: String, size: Double, bold: Bool = false) -> Double {
        var em = 0.0
        for ch in s.unicodeScalars {
            switch ch {
            case "0"..."9": em += 0.64
            case "i", "j", "l", "I", "'", "|": em += 0.30
            case " ", ".", ",", ":", ";", "·": em += 0.33
            case "m", "w", "M", "W": em += 0.95
            case "A"..."Z": em += 0.72
            case "a"..."z": em += 0.62
            case "–", "-", "(", ")": em += 0.45
            default: em += 0.80
            }
        }
        return em * size * (bold ? 1.1 : 1.0)
    }
}
