import Foundation

/// The refusal of private material in a till.toml, before it is parsed (so no parse or key error can echo it): every
/// line (values, key names, comments), every two lines together (a key wrapped over lines), the whole text (a
/// phrase spread over lines), the string values joined (a phrase split across keys) and the `TILL_*` environment.
enum PrivateTextScan {
    /// Issues for each finding: the line and key when known, what was found, a preview, never the secret.
    static func issues(text: String, file: String, credentialKeys: Set<String>) -> [ConfigIssue] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var issues: [ConfigIssue] = []
        var reported = Set<Int>()
        let paths = TOMLLineIndex(text: text)
        func report(_ index: Int?, _ key: String?, _ finding: PrivateMaterialFinding, _ how: String = "") {
            if let index { guard reported.insert(index).inserted else { return } }
            issues.append(ConfigIssue(file: file, line: index.map { $0 + 1 }, field: key,
                                      problem: "contains \(finding.description)\(how); refused. \(PrivateMaterial.advice)"))
        }
        for (index, line) in lines.enumerated() {
            let (key, content) = parts(of: line)
            let allowHex = key.map { credentialKeys.contains(String($0.split(separator: ".").last ?? "")) } ?? false
            if let key, let finding = PrivateMaterial.scan(key) {
                report(index, nil, finding, " as a key name")
            } else if let finding = PrivateMaterial.scan(line, allowHex: allowHex) ?? PrivateMaterial.scan(content, allowHex: allowHex) {
                report(index, key.map { _ in paths.path(at: index + 1) ?? key! }, finding)
            }
        }
        for index in lines.indices.dropLast() where !reported.contains(index) && !reported.contains(index + 1) {
            let both = parts(of: lines[index]).content + "\n" + parts(of: lines[index + 1]).content
            if let finding = PrivateMaterial.scan(both, allowHex: true) { report(index, nil, finding, " over lines \(index + 1)–\(index + 2)") }
        }
        // A phrase spread over lines (comments, a multi-line string), each line's content only: key names between
        // values break a run, and values split across keys are checked once parsed (`refusePrivateMaterial`).
        if issues.isEmpty {
            var run: [String] = []
            for line in lines {
                let (key, content) = parts(of: line)
                if key != nil { run = [] }
                run.append(content)
                if let finding = PrivateMaterial.scan(run.joined(separator: "\n"), allowHex: true), finding.kind == .seedPhrase {
                    report(nil, nil, finding, " spread over several lines")
                    break
                }
            }
        }
        return issues
    }

    /// The environment's `TILL_*` values (passwords and secrets included: a private key is never a password).
    static func environmentIssues(_ environment: [String: String], file: String) -> [ConfigIssue] {
        environment.keys.sorted().filter { $0.hasPrefix("TILL_") }.compactMap { name in
            guard let finding = PrivateMaterial.scan(environment[name] ?? "", allowHex: name.hasSuffix("_PASSWORD") || name.hasSuffix("_SECRET"))
            else { return nil }
            return ConfigIssue(file: "environment", line: nil, field: name,
                               problem: "contains \(finding.description); refused. \(PrivateMaterial.advice)")
        }
    }

    /// A line's key (before "=", when the line is not a comment) and its content without the key, quotes and "#".
    static func parts(of line: String) -> (key: String?, content: String) {
        var body = Substring(line).drop(while: { $0 == " " || $0 == "\t" })
        var key: String?
        if !body.hasPrefix("#"), !body.hasPrefix("["), let equals = body.firstIndex(of: "=") {
            let name = body[..<equals].trimmingCharacters(in: .whitespaces)
            if !name.isEmpty { key = name.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
            body = body[body.index(after: equals)...]
        }
        let content = body.map { "\"'#[],".contains($0) ? " " : $0 }
        return (key, String(content).trimmingCharacters(in: .whitespaces))
    }
}
