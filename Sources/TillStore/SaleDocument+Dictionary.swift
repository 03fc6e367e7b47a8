extension SaleDocument {
    /// The preset dictionary of format 1: the usual keys and values of `SaleCodec`'s JSON (a BTC sale paid in USD
    /// last, where deflate reaches it cheapest; ETH, USDC/USDT, LTC, other currencies and the rarer states before it).
    /// No shop's own words (products, cashiers): those are what the documents themselves repeat. Every document of
    /// format 1 is decoded against exactly these bytes: never edit them, add a format with a new dictionary instead
    /// (`SaleDocumentTests` pins their checksum). Pieces of 108 characters, joined with nothing between them.
    static let dictionary1: [UInt8] = Array([
        #"{"asset":{"decimals":6,"id":"USDT","kind":{"erc20":{"chainID":1,"contract":"0xdAC17F958D2ee523a2206206994597"#,
        #"C13D831ec7"}},"symbol":"USDT"},{"decimals":6,"id":"USDC","kind":{"erc20":{"chainID":1,"contract":"0xA0b86991"#,
        #"c6218b36c1d19D4a2E9Eb0cE3606eB48"}},"symbol":"USDC"},"uri":"ethereum:0xA0b86991c6218b36c1d19D4a2E9Eb0cE3606e"#,
        #"B48@1\/transfer?address=0x&uint256=","currency":{"code":"EUR","minorUnits":2,"symbol":"€"},{"code":"GBP","mi"#,
        #"norUnits":2,"symbol":"£"},"taxMode":"excluded","defaultTaxRate":{"digits":["+",0],"scale":2},"barcode":"","d"#,
        #"escription":"","flags":["acceptedByManager","doubleSpent","expiredWithFunds","overpaid","paidLate","reorged""#,
        #","underpaid","wrongAsset"],"otherAssetDeposits":[],"zeroConfLimit":{"currency":{"code":"USD","minorUnits":2,"#,
        #""symbol":"$"},"minor":,"releaseAt":{"seen":{}},{"confirmations":{"_0":}},"state":"unconfirmed","state":"vani"#,
        #"shed","replaceable":true,"late":true,"wasReorged":true,"status":"cancelled","reason":"cancelled by ","status"#,
        #"":"expired","reason":"quote expired","reason":"late payment seen","reason":"payment vanished","reason":"reor"#,
        #"g: payment left its block","note":"","reason":"accepted by manager: ","reason":"voided by manager: ","to":"v"#,
        #"oided"},{"at":,"from":"underpaid","reason":"underpaid","to":"underpaid"},{"at":,"from":"confirming","reason""#,
        #":"12 confirmations","to":"paid"}],"derivationPath":"m\/44'\/60'\/0'\/0\/","source":"coingecko","uri":"ethere"#,
        #"um:0x@1?value=","blockHash":"0x","txid":"0x{"asset":{"decimals":18,"id":"ETH","kind":{"evmNative":{"chainID""#,
        #":1}},"symbol":"ETH"},"requiredConfirmations":12,"units":["+",0]},"derivationPath":"m\/84'\/2'\/0'\/0\/","uri"#,
        #"":"litecoin:ltc1q?amount=0.{"asset":{"decimals":8,"id":"LTC","kind":{"utxo":{}},"symbol":"LTC"},{"asset":{"d"#,
        #"ecimals":8,"id":"BTC","kind":{"utxo":{}},"symbol":"BTC"},"cart":{"currency":{"code":"USD","minorUnits":2,"sy"#,
        #"mbol":"$"},"lines":[{"product":{"category":"","disabled":false,"id":"","name":"","price":{"currency":{"code""#,
        #":"USD","minorUnits":2,"symbol":"$"},"minor":},"stock":,"taxRate":{"digits":["+",],"scale":2}},"quantity":1}]"#,
        #","taxMode":"included"},"cashier":"","flags":[],"history":[{"at":,"from":"building","reason":"quoted 0.0 BTC "#,
        #"at ","to":"awaitingPayment"},{"at":,"from":"awaitingPayment","reason":"payment seen","to":"confirming"},{"at"#,
        #"":,"from":"confirming","reason":"6 confirmations","to":"paid"}],"id":"S-2026","openedAt":,"payments":[{"addr"#,
        #"ess":"bc1q","amount":{"asset":{"decimals":8,"id":"BTC","kind":{"utxo":{}},"symbol":"BTC"},"units":["+",]},"b"#,
        #"lockHash":"00000000000000000000","blockHeight":,"confirmations":6,"firstSeen":,"late":false,"ref":{"output":"#,
        #"0,"txid":""},"replaceable":false,"state":"confirmed","wasReorged":false}],"policy":{"expirySeconds":900,"lat"#,
        #"eWindowSeconds":86400,"reorgWindowSeconds":86400,"requiredConfirmations":6,"underpaymentToleranceBasisPoints"#,
        #"":0},"quotes":[{"address":"bc1q","amount":{"asset":{"decimals":8,"id":"BTC","kind":{"utxo":{}},"symbol":"BTC"#,
        #""},"units":["+",]},"createdAt":,"derivationPath":"m\/84'\/0'\/0'\/0\/","expiresAt":,"fiat":{"currency":{"cod"#,
        #"e":"USD","minorUnits":2,"symbol":"$"},"minor":},"rate":{"asset":{"decimals":8,"id":"BTC","kind":{"utxo":{}},"#,
        #""symbol":"BTC"},"currency":{"code":"USD","minorUnits":2,"symbol":"$"},"price":{"digits":["+",],"scale":2},"s"#,
        #"ource":"kraken","time":},"uri":"bitcoin:bc1q?amount=0.0"}],"status":"paid","stockTaken":true,"watching":fals"#,
        #"e}"#,
    ].joined().utf8)
}
