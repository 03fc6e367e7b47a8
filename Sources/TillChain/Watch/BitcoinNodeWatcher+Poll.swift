import Foundation
import TillCore

extension BitcoinNodeWatcher {
    /// One poll: mempool list first (anything that leaves it after this is in a block at or below the tip read
    /// next), then new blocks, then the mempool delta, confirmations and vanished payments.
    func poll(_ backend: any ChainBackend) async throws {
        try await loadIfNeeded()
        reindex()
        let mempool = Set(try await backend.mempoolTxids())
        let tip = try await backend.tip()
        if snapshot.cursor == nil {
            // First run: history before the till started is not ours to scan.
            snapshot.cursor = tip
            snapshot.recentHashes[tip.height] = tip.hash
            try await save()
        }
        if let from = rescanFrom {
            try await moveCursorBack(backend, before: from)
            if rescanFrom == from { rescanFrom = nil }
        }
        try await followChain(backend, to: tip)
        try await scanMempool(backend, mempool, tipHeight: tip.height)
        try await updateConfirmations(tipHeight: tip.height)
        try await checkVanished(backend, mempool)
        try await save()
    }

    private func followChain(_ backend: any ChainBackend, to tip: ChainTip) async throws {
        var steps = 0
        while let cursor = snapshot.cursor, cursor.hash != tip.hash {
            steps += 1
            guard steps <= 10_000 else {
                throw ChainBackendError.garbage(backend: backend.name, method: "chain", reason: "the best chain kept changing")
            }
            if cursor.height < tip.height {
                let height = cursor.height + 1
                let hash = height == tip.height ? tip.hash : try await backend.blockHash(at: height)
                let block = try await backend.block(hash: hash)
                if block.previousHash == cursor.hash {
                    try await process(block, tipHeight: tip.height)
                    snapshot.cursor = ChainTip(height: height, hash: hash)
                    snapshot.recentHashes[height] = hash
                    snapshot.recentHashes = snapshot.recentHashes.filter { $0.key > height - configuration.reorgDepth }
                    try await save()
                    continue
                }
            }
            try await rewind(backend, tip: tip)
        }
    }

    /// Puts the cursor on the best chain's block below `height` (saved, so a crash does not skip the rescan), for
    /// `followChain` to read the blocks from `height` again. Not a reorg: no payment is taken out.
    private func moveCursorBack(_ backend: any ChainBackend, before height: Int) async throws {
        guard let cursor = snapshot.cursor, height <= cursor.height else { return }
        let base = height - 1
        let hash = try await backend.blockHash(at: base)
        snapshot.cursor = ChainTip(height: base, hash: hash)
        snapshot.recentHashes = snapshot.recentHashes.filter { $0.key < base }
        snapshot.recentHashes[base] = hash
        try await save()
    }

    /// Walks back to the last remembered block still in the best chain and takes out payments above it.
    private func rewind(_ backend: any ChainBackend, tip: ChainTip) async throws {
        guard let cursor = snapshot.cursor else { return }
        var height = min(cursor.height, tip.height)
        var forkHash: String?
        while height >= 0, let known = snapshot.recentHashes[height] {
            let current = try await backend.blockHash(at: height)
            if current == known { forkHash = current; break }
            height -= 1
        }
        if forkHash == nil {
            // Deeper than we remember: resume from there; payments above are re-found by the scan.
            height = max(height, 0)
            forkHash = try await backend.blockHash(at: height)
        }
        for payment in snapshot.payments {
            guard payment.state == .confirmed, let paidAt = payment.blockHeight, paidAt > height else { continue }
            try await sink.record(.reorged(payment.ref))
            try await sink.record(.confirmationsChanged(payment.ref, confirmations: 0, height: nil, hash: nil))
            update(payment.ref) {
                $0.state = .unconfirmed
                $0.confirmations = 0
                $0.blockHeight = nil
                $0.blockHash = nil
            }
        }
        reindex()
        snapshot.recentHashes = snapshot.recentHashes.filter { $0.key <= height }
        snapshot.cursor = ChainTip(height: height, hash: forkHash!)
        snapshot.recentHashes[height] = forkHash!
        try await save()
    }

    private func process(_ block: ChainBlock, tipHeight: Int) async throws {
        for transaction in block.transactions {
            try await process(transaction, in: block, tipHeight: tipHeight)
        }
    }

    /// Looks at one transaction: does it spend what a followed payment spends, does it pay a watched script.
    private func process(_ tx: ChainTransaction, in block: ChainBlock?, tipHeight: Int) async throws {
        for input in tx.inputs {
            guard let refs = spentBy[input] else { continue }
            for ref in refs where ref.txid != tx.txid {
                guard let index = paymentIndex[ref], snapshot.payments[index].state == .unconfirmed else { continue }
                try await sink.record(.vanished(ref))
                update(ref) { $0.state = .vanished }
            }
        }
        for output in tx.outputs {
            guard let watched = scripts[output.scriptPubKey] else { continue }
            let ref = PaymentRef(txid: tx.txid, output: output.index)
            let confirmations = block.map { tipHeight - $0.height + 1 } ?? 0
            if let index = paymentIndex[ref] {
                guard let block, snapshot.payments[index].blockHash != block.hash else { continue }
                try await sink.record(.confirmationsChanged(ref, confirmations: confirmations, height: block.height,
                                                            hash: block.hash))
                update(ref) {
                    $0.state = .confirmed
                    $0.confirmations = confirmations
                    $0.blockHeight = block.height
                    $0.blockHash = block.hash
                }
                continue
            }
            let observation = PaymentObservation(
                ref: ref, address: watched.address, amount: CoinAmount(units: output.units, asset: watched.asset),
                replaceable: tx.replaceable, confirmations: confirmations, blockHeight: block?.height,
                blockHash: block?.hash)
            try await sink.record(.paymentSeen(observation))
            guard scripts[output.scriptPubKey] != nil, paymentIndex[ref] == nil else { continue }
            snapshot.payments.append(TrackedPayment(
                observation: observation, state: block == nil ? .unconfirmed : .confirmed, inputs: tx.inputs,
                confirmations: confirmations, blockHeight: block?.height, blockHash: block?.hash))
            reindex()
        }
        if block != nil { reindex() }
    }

    /// Fetches only the mempool transactions not seen before, a batch at a time (one round trip per 100 on a node);
    /// each batch done is remembered, so a failure later in a large mempool does not repeat it. This poll's
    /// newcomers go first, then the backlog, up to `mempoolFetchesPerPoll`: a payment made now is not queued behind
    /// the 50,000 transactions a mainnet mempool holds when the till starts (those are worked through poll by poll;
    /// any of them mined meanwhile is found in its block).
    private func scanMempool(_ backend: any ChainBackend, _ mempool: Set<String>, tipHeight: Int) async throws {
        knownMempool.formIntersection(mempool)
        mempoolBacklog.removeAll { !mempool.contains($0) }
        let listed = knownMempool.union(mempoolBacklog)
        let newcomers = mempool.subtracting(listed).sorted()
        let queue = newcomers + mempoolBacklog
        let now = queue.prefix(configuration.mempoolFetchesPerPoll)
        mempoolBacklog = Array(queue.dropFirst(now.count))
        var start = now.startIndex
        while start < now.endIndex {
            await handleAnnouncements()
            let end = min(start + 100, now.endIndex)
            // Those an announcement brought in meanwhile are not fetched twice.
            let chunk = Array(now[start..<end]).filter { !knownMempool.contains($0) }
            if !chunk.isEmpty {
                for tx in try await backend.transactions(txids: chunk).compactMap({ $0 }) {
                    try await process(tx, in: nil, tipHeight: tipHeight)
                }
                knownMempool.formUnion(chunk)
            }
            start = end
        }
    }

    /// Transactions the node announced over ZMQ, fetched and looked at ahead of the next poll. A failure is left to
    /// that poll, which lists the mempool anyway.
    func lookAtAnnounced(_ txids: [String]) async {
        let new = Array(Set(txids).subtracting(knownMempool).sorted().prefix(configuration.mempoolFetchesPerPoll))
        guard !new.isEmpty, let backend = backends.first, let tip = snapshot.cursor, health.offlineSince == nil else { return }
        do {
            var start = 0
            while start < new.count {
                let chunk = Array(new[start..<min(start + 100, new.count)])
                for tx in try await backend.transactions(txids: chunk).compactMap({ $0 }) {
                    try await process(tx, in: nil, tipHeight: tip.height)
                    knownMempool.insert(tx.txid)
                }
                start += chunk.count
            }
            let fetched = Set(new)
            mempoolBacklog.removeAll { fetched.contains($0) }
            try await save()
        } catch {
            return
        }
    }

    private func updateConfirmations(tipHeight: Int) async throws {
        for payment in snapshot.payments {
            guard payment.state == .confirmed, let height = payment.blockHeight else { continue }
            let confirmations = tipHeight - height + 1
            guard confirmations != payment.confirmations else { continue }
            try await sink.record(.confirmationsChanged(payment.ref, confirmations: confirmations, height: height,
                                                        hash: payment.blockHash))
            update(payment.ref) { $0.confirmations = confirmations }
        }
    }

    /// An unconfirmed payment missing from the mempool for a few polls, and unknown to the backend, vanished.
    private func checkVanished(_ backend: any ChainBackend, _ mempool: Set<String>) async throws {
        for payment in snapshot.payments {
            guard payment.state == .unconfirmed else { missingPolls[payment.ref] = nil; continue }
            if mempool.contains(payment.ref.txid) { missingPolls[payment.ref] = nil; continue }
            let missing = (missingPolls[payment.ref] ?? 0) + 1
            missingPolls[payment.ref] = missing
            guard missing >= configuration.vanishAfterMissingPolls,
                  try await backend.transaction(txid: payment.ref.txid) == nil else { continue }
            try await sink.record(.vanished(payment.ref))
            update(payment.ref) { $0.state = .vanished }
            missingPolls[payment.ref] = nil
        }
        reindex()
    }

    /// Changes a followed payment, looked up again because awaits may have let `unwatch` remove it.
    private func update(_ ref: PaymentRef, _ change: (inout TrackedPayment) -> Void) {
        guard let index = paymentIndex[ref], snapshot.payments.indices.contains(index),
              snapshot.payments[index].ref == ref else { return }
        change(&snapshot.payments[index])
    }
}
