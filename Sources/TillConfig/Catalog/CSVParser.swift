/// One CSV record with the line it starts on (1-based).
struct CSVRecord: Equatable {
    let line: Int
    let fields: [String]
}

/// An RFC 4180 reader: quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF or LF.
enum CSVParser {
    enum Failure: Error, Equatable {
        /// A quote opened on `line` was never closed.
        case unterminatedQuote(line: Int)
        /// Text after a closing quote in the same field ("a"b).
        case textAfterQuote(line: Int, column: Int)
    }

    static func parse(_ text: String) throws(Failure) -> [CSVRecord] {
        var records: [CSVRecord] = []
        var fields: [String] = [], field = ""
        var line = 1, recordLine = 1
        var inQuotes = false, quotedFieldClosed = false, quoteLine = 1
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }   // spreadsheet byte-order mark
        var index = 0

        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !quotedFieldClosed) {
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields = []; field = ""; quotedFieldClosed = false
        }

        while index < scalars.count {
            let scalar = scalars[index]
            if inQuotes {
                if scalar == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" { field.unicodeScalars.append("\""); index += 1 }
                    else { inQuotes = false; quotedFieldClosed = true }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" && field.isEmpty && !quotedFieldClosed {
                inQuotes = true; quoteLine = line
            } else if scalar == "," {
                fields.append(field); field = ""; quotedFieldClosed = false
            } else if scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n" {
                // CRLF: the LF ends the record on the next step.
            } else if scalar == "\n" {
                endRecord(); line += 1; recordLine = line
            } else if quotedFieldClosed {
                throw .textAfterQuote(line: line, column: fields.count + 1)
            } else {
                field.unicodeScalars.append(scalar)
            }
            index += 1
        }
        if inQuotes { throw .unterminatedQuote(line: quoteLine) }
        if !field.isEmpty || !fields.isEmpty || quotedFieldClosed { endRecord() }
        return records
    }
}
