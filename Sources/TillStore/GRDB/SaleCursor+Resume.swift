import Foundation

extension SaleCursor {
    /// A cursor that resumes the list after the row opened at `openedAtMillis` with `id` (a cursor a screen kept
    /// as plain data and hands back for the next page).
    public init(resumingAfter openedAtMillis: Int64, id: String) {
        self.init(openedAtMillis: openedAtMillis, id: id)
    }
}
