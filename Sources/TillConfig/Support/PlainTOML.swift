/// A fast reader for the plain TOML that catalogs are written in: `key = value` lines and `[[array]]` headers, values
/// that are one-line strings, integers or booleans, comments and blank lines. It answers nil for anything else
/// (dotted or quoted keys, `[tables]`, floats, dates, arrays, inline tables, multi-line strings, a duplicate key, a
/// byte TOML forbids), and the caller then parses with TOMLKit, which knows the whole language and its errors.
/// At 370,000 products (50 MB) TOMLKit took minutes and 2 GB; this reads the same file in seconds.
enum PlainTOML {
    /// The document's root table, or nil when the text is not in the plain subset.
    static func parse(_ text: String) -> [String: TOMLNode]? {
        var text = text
        return text.withUTF8 { bytes in parse(bytes) }
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> [String: TOMLNode]? {
        var root: [String: TOMLNode] = [:]
        var arrays: [String: [TOMLNode]] = [:]
        var arrayOrder: [String] = []
        var current: [String: TOMLNode] = [:]
        var currentArray: String?
        var position = 0
        let end = bytes.count
        if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return nil }

        func closeTable() {
            guard let name = currentArray else { return }
            arrays[name, default: []].append(.table(current))
            current = [:]
        }

        while position < end {
            // One line: [position, lineEnd), without "\r\n" or "\n".
            var lineEnd = position
            while lineEnd < end, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var stop = lineEnd
            if stop > position, bytes[stop - 1] == 0x0D { stop -= 1 }
            defer { position = lineEnd + 1 }
            var cursor = skipBlanks(bytes, position, stop)
            if cursor == stop { continue }
            if bytes[cursor] == 0x23 {  // "#"
                guard commentIsClean(bytes, cursor, stop) else { return nil }
                continue
            }
            if bytes[cursor] == 0x5B {  // "["
                guard cursor + 1 < stop, bytes[cursor + 1] == 0x5B else { return nil }
                cursor = skipBlanks(bytes, cursor + 2, stop)
                guard let (name, afterName) = bareKey(bytes, cursor, stop) else { return nil }
                cursor = skipBlanks(bytes, afterName, stop)
                guard cursor + 1 < stop, bytes[cursor] == 0x5D, bytes[cursor + 1] == 0x5D,
                      restIsComment(bytes, cursor + 2, stop) else { return nil }
                guard root[name] == nil else { return nil }
                closeTable()
                if arrays[name] == nil { arrayOrder.append(name) }
                currentArray = name
                continue
            }
            guard let (key, afterKey) = bareKey(bytes, cursor, stop) else { return nil }
            cursor = skipBlanks(bytes, afterKey, stop)
            guard cursor < stop, bytes[cursor] == 0x3D else { return nil }  // "="
            cursor = skipBlanks(bytes, cursor + 1, stop)
            guard let (value, afterValue) = self.value(bytes, cursor, stop), restIsComment(bytes, afterValue, stop) else { return nil }
            if currentArray == nil {
                guard root[key] == nil, arrays[key] == nil else { return nil }
                root[key] = value
            } else {
                guard current[key] == nil else { return nil }
                current[key] = value
            }
        }
        closeTable()
        for name in arrayOrder { root[name] = .array(arrays[name] ?? []) }
        return root
    }

    private static func skipBlanks(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) -> Int {
        var index = start
        while index < stop, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        return index
    }

    /// Blanks, then nothing or a comment.
    private static func restIsComment(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) -> Bool {
        let index = skipBlanks(bytes, start, stop)
        return index == stop || (bytes[index] == 0x23 && commentIsClean(bytes, index, stop))
    }

    /// TOML forbids control characters other than tab in comments.
    private static func commentIsClean(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) -> Bool {
        for index in start..<stop where (bytes[index] < 0x20 && bytes[index] != 0x09) || bytes[index] == 0x7F { return false }
        return true
    }

    /// A bare key: ASCII letters, digits, "-" and "_".
    private static func bareKey(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) -> (String, Int)? {
        var index = start
        while index < stop {
            let byte = bytes[index]
            let isKeyByte = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2D || byte == 0x5F
            guard isKeyByte else { break }
            index += 1
        }
        guard index > start else { return nil }
        return (String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self), index)
    }

    private static func value(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) -> (TOMLNode, Int)? {
        guard start < stop else { return nil }
        switch bytes[start] {
        case 0x22: return basicString(bytes, start, stop)
        case 0x27: return literalString(bytes, start, stop)
        case 0x74 where matches(bytes, start, stop, "true"): return (.boolean(true), start + 4)
        case 0x66 where matches(bytes, start, stop, "false"): return (.boolean(false), start + 5)
        default: return integer(bytes, start, stop)
        }
    }

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard stop - start >= count else { return false }
        for offset in 0..<count where bytes[start + offset] != word.utf8Start[offset] { return false }
        // "trueish" is not a boolean.
        return start + count == stop || bytes[start + count] == 0x20 || bytes[start + count] == 0x09 || bytes[start + count] == 0x23
    }

    /// A decimal integer: an optional sign, no leading zeros, no underscores (those go to TOMLKit).
    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) -> (TOMLNode, Int)? {
        var index = start
        var negative = false
        if bytes[index] == 0x2B || bytes[index] == 0x2D { negative = bytes[index] == 0x2D; index += 1 }
        let digitsStart = index
        var value = 0
        while index < stop, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(bytes[index] - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        let count = index - digitsStart
        guard count > 0, count == 1 || bytes[digitsStart] != 0x30 else { return nil }
        guard index == stop || bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x23 else { return nil }
        return (.integer(negative ? -value : value), index)
    }

    /// 'text': no escapes; control characters other than tab are refused.
    private static func literalString(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) -> (TOMLNode, Int)? {
        guard !(stop - start >= 3 && bytes[start + 1] == 0x27 && bytes[start + 2] == 0x27) else { return nil }
        var index = start + 1
        while index < stop, bytes[index] != 0x27 {
            if (bytes[index] < 0x20 && bytes[index] != 0x09) || bytes[index] == 0x7F { return nil }
            index += 1
        }
        guard index < stop, let text = validUTF8(bytes, start + 1, index) else { return nil }
        return (.string(text), index + 1)
    }

    /// "text" with TOML's escapes (\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX); anything else is left to TOMLKit.
    private static func basicString(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) -> (TOMLNode, Int)? {
        guard !(stop - start >= 3 && bytes[start + 1] == 0x22 && bytes[start + 2] == 0x22) else { return nil }
        var index = start + 1
        var plainEnd = index
        while plainEnd < stop, bytes[plainEnd] != 0x22, bytes[plainEnd] != 0x5C {
            if (bytes[plainEnd] < 0x20 && bytes[plainEnd] != 0x09) || bytes[plainEnd] == 0x7F { return nil }
            plainEnd += 1
        }
        guard plainEnd < stop else { return nil }
        if bytes[plainEnd] == 0x22 {
            guard let text = validUTF8(bytes, index, plainEnd) else { return nil }
            return (.string(text), plainEnd + 1)
        }
        var scalars: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[index..<plainEnd]))
        index = plainEnd
        while index < stop {
            let byte = bytes[index]
            if byte == 0x22 {
                guard let text = scalars.withUnsafeBufferPointer({ validUTF8($0, 0, $0.count) }) else { return nil }
                return (.string(text), index + 1)
            }
            if (byte < 0x20 && byte != 0x09) || byte == 0x7F { return nil }
            guard byte == 0x5C else { scalars.append(byte); index += 1; continue }
            guard index + 1 < stop else { return nil }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case 0x62: scalars.append(0x08)
            case 0x74: scalars.append(0x09)
            case 0x6E: scalars.append(0x0A)
            case 0x66: scalars.append(0x0C)
            case 0x72: scalars.append(0x0D)
            case 0x22: scalars.append(0x22)
            case 0x5C: scalars.append(0x5C)
            case 0x75, 0x55:
                let width = escape == 0x75 ? 4 : 8
                guard stop - index >= width,
                      bytes[index..<index + width].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }),
                      let code = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<index + width]), as: UTF8.self), radix: 16),
                      let scalar = Unicode.Scalar(code) else { return nil }
                scalars.append(contentsOf: Array(String(scalar).utf8))
                index += width
            default: return nil
            }
        }
        return nil
    }

    /// The text, or nil when the bytes are not valid UTF-8 (decoding would have replaced some: they differ).
    private static func validUTF8(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) -> String? {
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<stop])
        let text = String(decoding: slice, as: UTF8.self)
        return text.utf8.elementsEqual(slice) ? text : nil
    }
}
