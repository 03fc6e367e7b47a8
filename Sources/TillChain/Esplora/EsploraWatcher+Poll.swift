import BigInt
import Foundation
import TillCore

extension EsploraWatcher {
    /// Where an address's lists put a followed transaction.
    enum Location: Equatable {
        case block(height: Int, hash: String)
        case mempool
        /// In neither list (replaced, evicted, or its block left the chain).
        case nowhere
    }

    /// One tick: the tip, then as many addresses as the request budget allows (continuing after the address
    /// visited last), then confirmations of every payment in a block.
    func poll(_ client: EsploraClient) async throws {
        tickRequests = 0
        lastTickVisits = 0
        try await loadIfNeeded()
        let tip = try await readTip(client)
        if snapshot.cursor != tip {
            snapshot.cursor = tip
            dirty = true
        }
        for address in visitOrder() {
            let readChain = chainReadAt[address] != tip.hash
            let cost = readChain ? 2 : 1
            guard lastTickVisits == 0 || tickRequests + cost <= configuration.requestBudget else { break }
            guard let script = scripts[address] else { continue }
            try await visit(script, client, tip: tip, readChain: readChain)
            lastVisited = address
            lastTickVisits += 1
            if dirty { try await save() }
        }
        try await updateConfirmations(tip: tip)
        if dirty { try await save() }
    }

    /// The tip hash first; the height only when the hash moved. Should a block arrive between the two reads,
    /// the height is newer than the hash, so the next tick sees a different hash and reads the height again.
    private func readTip(_ client: EsploraClient) async throws(EsploraError) -> ChainTip {
        tickRequests += 1
        let hash = try await client.tipHash()
        if let cursor = snapshot.cursor, cursor.hash == hash { return cursor }
        tickRequests += 1
        return ChainTip(height: try await client.tipHeight(), hash: hash)
    }

    /// Watched addresses in order, starting after the one visited last.
    private func visitOrder() -> [String] {
        let addresses = scripts.keys.sorted()
        guard let lastVisited, let split = addresses.firstIndex(where: { $0 > lastVisited }) else { return addresses }
        return Array(addresses[split...] + addresses[..<split])
    }

    /// Reads one address's mempool list (then its newest confirmed page when the tip moved) and reconciles.
    private func visit(_ script: WatchedScript, _ client: EsploraClient, tip: ChainTip, readChain: Bool) async throws {
        tickRequests += 1
        let mempool = try await client.mempoolTransactions(script.address)
        var chain: [EsploraTransaction]?
        if readChain {
            tickRequests += 1
            chain = try await client.chainTransactions(script.address)
        }
        var listed: [String: EsploraTransaction] = [:]
        for tx in mempool { listed[tx.txid] = tx }
        // The chain list was read second: a transaction in both was mined between the reads.
        for tx in chain ?? [] { listed[tx.txid] = tx }
        let ordered = listed.values.sorted {
            ($0.status.blockHeight ?? Int.max, $0.txid) < ($1.status.blockHeight ?? Int.max, $1.txid)
        }
        for tx in ordered {
            try await replaceConflicts(of: tx)
            for output in tx.outputs(paying: script.scriptPubKey) {
                try await observe(tx, output: output, script: script, tip: tip)
            }
        }
        try await reconcileMissing(address: script.address, listed: listed, chain: chain, client, tip: tip)
        if readChain { chainReadAt[script.address] = tip.hash }
    }

    /// Another transaction spending what an unconfirmed payment spends replaced it (double spend, RBF).
    private func replaceConflicts(of tx: EsploraTransaction) async throws {
        let spends = Set(tx.inputs.filter { !$0.isCoinbase }.map { OutPoint(txid: $0.previousTxid, vout: Int($0.previousIndex)) })
        guard !spends.isEmpty else { return }
        for payment in snapshot.payments where payment.state == .unconfirmed && payment.ref.txid != tx.txid
            && payment.inputs.contains(where: spends.contains) {
            try await sink.record(.vanished(payment.ref))
            update(payment.ref) { $0.state = .vanished }
            dirty = true
        }
    }

    private func observe(_ tx: EsploraTransaction, output: EsploraOutput, script: WatchedScript, tip: ChainTip) async throws {
        let ref = PaymentRef(txid: tx.txid, output: output.index)
        let location = Self.location(of: tx.status)
        guard paymentIndex[ref] == nil else {
            try await move(ref, to: location, tip: tip)
            return
        }
        var height: Int?, hash: String?
        if case .block(let h, let blockHash) = location { height = h; hash = blockHash }
        let observation = PaymentObservation(
            ref: ref, address: script.address, amount: CoinAmount(units: BigUInt(output.value), asset: script.asset),
            replaceable: tx.signalsReplaceByFee, confirmations: height.map { Self.depth($0, tip: tip) } ?? 0,
            blockHeight: height, blockHash: hash)
        try await sink.record(.paymentSeen(observation))
        // `unwatch` may have run during the await.
        guard scripts[script.address] != nil, paymentIndex[ref] == nil else { return }
        snapshot.payments.append(TrackedPayment(
            observation: observation, state: height == nil ? .unconfirmed : .confirmed,
            inputs: tx.inputs.filter { !$0.isCoinbase }.map { OutPoint(txid: $0.previousTxid, vout: Int($0.previousIndex)) },
            confirmations: observation.confirmations, blockHeight: height, blockHash: hash))
        reindex()
        dirty = true
    }

    /// Followed payments of `address` that neither list showed: a confirmed one left the chain (when the
    /// chain list was read); an unconfirmed one counts a missing visit and, after enough, is looked up.
    private func reconcileMissing(address: String, listed: [String: EsploraTransaction], chain: [EsploraTransaction]?,
                                  _ client: EsploraClient, tip: ChainTip) async throws {
        let pageFull = (chain?.count ?? 0) >= EsploraClient.chainPageSize
        for payment in snapshot.payments where payment.observation.address == address && listed[payment.ref.txid] == nil {
            switch payment.state {
            case .vanished:
                continue
            case .confirmed:
                guard chain != nil else { continue }
                // A full page may simply have pushed an older payment onto the next page: ask the transaction.
                if pageFull {
                    guard let location = try await lookUp(payment.ref.txid, client) else { continue }
                    try await move(payment.ref, to: location, tip: tip)
                } else {
                    try await move(payment.ref, to: .nowhere, tip: tip)
                }
            case .unconfirmed:
                let missing = (missingPolls[payment.ref] ?? 0) + 1
                missingPolls[payment.ref] = missing
                guard missing >= configuration.vanishAfterMissingPolls,
                      let location = try await lookUp(payment.ref.txid, client) else { continue }
                if location == .nowhere {
                    try await sink.record(.vanished(payment.ref))
                    update(payment.ref) { $0.state = .vanished }
                    missingPolls[payment.ref] = nil
                    dirty = true
                } else {
                    try await move(payment.ref, to: location, tip: tip)
                }
            }
        }
    }

    /// `GET /tx/:txid/status` within the budget (nil: no budget left this tick); 404 means `.nowhere`.
    private func lookUp(_ txid: String, _ client: EsploraClient) async throws(EsploraError) -> Location? {
        guard tickRequests < configuration.requestBudget else { return nil }
        tickRequests += 1
        do {
            return Self.location(of: try await client.transactionStatus(txid))
        } catch {
            if case .notFound = error { return .nowhere }
            throw error
        }
    }

    /// Moves a followed payment to where the server now puts it, recording the events first.
    private func move(_ ref: PaymentRef, to location: Location, tip: ChainTip) async throws {
        guard let index = paymentIndex[ref] else { return }
        let payment = snapshot.payments[index]
        if location != .nowhere { missingPolls[ref] = nil }
        if payment.state == .confirmed {
            if case .block(_, let hash) = location, hash == payment.blockHash { return }
            // Its block left the best chain: back to the mempool, nowhere, or into another block.
            try await sink.record(.reorged(ref))
            try await sink.record(.confirmationsChanged(ref, confirmations: 0, height: nil, hash: nil))
            update(ref) {
                $0.state = .unconfirmed
                $0.confirmations = 0
                $0.blockHeight = nil
                $0.blockHash = nil
            }
            dirty = true
        }
        switch location {
        case .block(let height, let hash):
            let confirmations = Self.depth(height, tip: tip)
            try await sink.record(.confirmationsChanged(ref, confirmations: confirmations, height: height, hash: hash))
            update(ref) {
                $0.state = .confirmed
                $0.confirmations = confirmations
                $0.blockHeight = height
                $0.blockHash = hash
            }
            dirty = true
        case .mempool where payment.state == .vanished:
            // Back after it was given up (a lagging server): it counts again.
            try await sink.record(.confirmationsChanged(ref, confirmations: 0, height: nil, hash: nil))
            update(ref) { $0.state = .unconfirmed }
            dirty = true
        case .mempool, .nowhere:
            break
        }
    }

    private func updateConfirmations(tip: ChainTip) async throws {
        for payment in snapshot.payments {
            guard payment.state == .confirmed, let height = payment.blockHeight else { continue }
            let confirmations = Self.depth(height, tip: tip)
            guard confirmations != payment.confirmations else { continue }
            try await sink.record(.confirmationsChanged(payment.ref, confirmations: confirmations, height: height,
                                                        hash: payment.blockHash))
            update(payment.ref) { $0.confirmations = confirmations }
            dirty = true
        }
    }

    /// `tip − height + 1`; a block newer than the tip read this tick (mined meanwhile) counts as the tip.
    static func depth(_ height: Int, tip: ChainTip) -> Int { max(tip.height, height) - height + 1 }

    static func location(of status: EsploraTxStatus) -> Location {
        guard status.confirmed, let height = status.blockHeight, let hash = status.blockHash else { return .mempool }
        return .block(height: height, hash: hash)
    }

    /// Changes a followed payment, looked up again because awaits may have let `unwatch` remove it.
    func update(_ ref: PaymentRef, _ change: (inout TrackedPayment) -> Void) {
        guard let index = paymentIndex[ref], snapshot.payments.indices.contains(index),
              snapshot.payments[index].ref == ref else { return }
        change(&snapshot.payments[index])
    }
}
