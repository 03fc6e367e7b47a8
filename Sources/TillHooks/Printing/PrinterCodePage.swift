import Foundation
import TillCore

/// How text is turned into printer bytes. ESC/POS printers default to code page 437; most also offer 858
/// (437 with € and more Latin-1 letters) and Windows-1252. UTF-8 only when the printer is set up for it.
public enum PrinterCodePage: String, Sendable, Hashable, CaseIterable {
    case cp437, cp858, wpc1252, utf8

    /// The `n` of `ESC t n` that selects this table; nil for UTF-8 (set on the printer itself).
    public var escposTable: UInt8? {
        switch self {
        case .cp437: return 0
        case .cp858: return 19
        case .wpc1252: return 16
        case .utf8: return nil
        }
    }

    /// The bytes of `text`: characters the table lacks become their ASCII look-alike ("é" → "e", "…" → "."),
    /// one byte per character so column layout survives, and "?" as the last resort. Control and format
    /// characters become "?" first: text can never emit a command byte (ESC p opens the drawer, GS V cuts).
    public func encode(_ text: String) -> [UInt8] {
        let text = UntrustedText.replacing(text)
        if self == .utf8 { return Array(text.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for character in text {
            if let byte = byte(for: character) { out.append(byte); continue }
            out.append(fallback(for: character))
        }
        return out
    }

    private func byte(for character: Character) -> UInt8? {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else { return nil }
        if scalar.value < 0x80 { return UInt8(scalar.value) }
        let table = self == .cp437 ? PrinterCodePage.cp437High : self == .cp858 ? PrinterCodePage.cp858High : PrinterCodePage.cp1252High
        return table[scalar].map { UInt8(0x80 + $0) }
    }

    private func fallback(for character: Character) -> UInt8 {
        if let special = PrinterCodePage.lookAlikes[character] { return special }
        // Drop accents: "é" is "e" + a combining mark once decomposed.
        if let base = String(character).decomposedStringWithCanonicalMapping.unicodeScalars.first,
           base.value < 0x80, base.value >= 0x20 { return UInt8(base.value) }
        if let base = String(character).decomposedStringWithCanonicalMapping.first, let byte = byte(for: base) { return byte }
        return UInt8(ascii: "?")
    }

    private static let lookAlikes: [Character: UInt8] = [
        "…": UInt8(ascii: "."), "–": UInt8(ascii: "-"), "—": UInt8(ascii: "-"), "‘": UInt8(ascii: "\'"),
        "’": UInt8(ascii: "\'"), "“": UInt8(ascii: "\""), "”": UInt8(ascii: "\""), "×": UInt8(ascii: "x"),
        "€": UInt8(ascii: "E"), "₿": UInt8(ascii: "B"), "\u{a0}": UInt8(ascii: " "),
    ]

    /// Index of each scalar in the table's upper half (0x80...0xFF).
    private static func table(_ upper: String) -> [Unicode.Scalar: UInt8] {
        var result: [Unicode.Scalar: UInt8] = [:]
        for (index, scalar) in upper.unicodeScalars.enumerated() where result[scalar] == nil && scalar != "\u{fffd}" {
            result[scalar] = UInt8(index)
        }
        return result
    }

    // Upper halves generated from Python's codecs (cp437, cp858, cp1252; unmapped 1252 slots are U+FFFD).
    private static let cp437High = table("ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}")
    private static let cp858High = table("ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u{ad}±‗¾¶§÷¸°¨·¹³²■\u{a0}")
    private static let cp1252High = table("€�‚ƒ„…†‡ˆ‰Š‹Œ�Ž��‘’“”•–—˜™š›œ�žŸ\u{a0}¡¢£¤¥¦§¨©ª«¬\u{ad}®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ")
}
