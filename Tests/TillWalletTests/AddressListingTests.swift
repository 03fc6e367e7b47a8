import Foundation
import Testing
@testable import TillWallet

/// The rows behind `till addresses`, their text columns and JSON.
struct AddressListingTests {
    @Test func bip84TestZpubListsTheVectorAtIndexZero() throws {
        let wallet = try WatchOnlyWallet(parsing: AddressVectorTests.bip84Zpub, network: .bitcoin)
        let rows = try AddressListing.rows(wallet, count: 3)
        #expect(rows.map(\.index) == [0, 1, 2])
        #expect(rows[0].address == "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu")
        #expect(rows[1].address == "bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g")
        let text = AddressListing.text(rows)
        #expect(text == """
            index  path   address
                0  …/0/0  bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu
                1  …/0/1  bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g
                2  …/0/2  \(rows[2].address)

            """)
    }

    @Test func jsonIsParseableAndKeepsTheRows() throws {
        let zpub = try ExtendedPublicKey(parsing: AddressVectorTests.bip84Zpub).serialized(as: "xpub")
        let wallet = try WatchOnlyWallet(parsing: "wpkh([73c5da0a/84'/0'/0']\(zpub)/<0;1>/*)", network: .bitcoin)
        let rows = try AddressListing.rows(wallet, count: 12, start: 5)
        let decoded = try JSONDecoder().decode([AddressRow].self, from: Data(AddressListing.json(rows).utf8))
        #expect(decoded == rows)
        #expect(decoded.first?.path == "m/84'/0'/0'/0/5")
        #expect(AddressListing.json([]) == "[]\n")
    }

    @Test func textColumnsStayAlignedPastTenRows() throws {
        let wallet = try WatchOnlyWallet(parsing: AddressVectorTests.bip84Zpub, network: .bitcoin)
        let lines = AddressListing.text(try AddressListing.rows(wallet, count: 12)).split(separator: "\n")
        let addressColumn = Set(lines.map { $0.count - ($0.split(separator: " ").last?.count ?? 0) })
        #expect(addressColumn.count == 1)
    }
}
