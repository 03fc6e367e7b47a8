"""Independent reference for the wallet cross-check: derives receive addresses with embit (and pycryptodome's
Keccak for Ethereum) and prints one per line.

usage: derive_addresses.py TYPE NETWORK XPUB COUNT
TYPE: p2pkh | p2sh-p2wpkh | p2wpkh | p2tr | ethereum; NETWORK: main | test | regtest
"""
import sys

from embit import bip32, script
from embit.networks import NETWORKS
from Crypto.Hash import keccak


def eip55(address_bytes):
    lower = address_bytes.hex()
    digest = keccak.new(digest_bits=256, data=lower.encode("ascii")).hexdigest()
    return "0x" + "".join(c.upper() if c.isalpha() and int(digest[i], 16) >= 8 else c for i, c in enumerate(lower))


def ethereum(key):
    point = key.key.get_public_key() if key.is_private else key.key
    point.compressed = False
    raw = point.sec()[1:]
    return eip55(keccak.new(digest_bits=256, data=raw).digest()[-20:])


def main():
    kind, network_name, xpub, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    network = NETWORKS[network_name]
    chain = bip32.HDKey.from_string(xpub).derive([0])
    makers = {
        "p2pkh": lambda k: script.p2pkh(k.key).address(network),
        "p2sh-p2wpkh": lambda k: script.p2sh(script.p2wpkh(k.key)).address(network),
        "p2wpkh": lambda k: script.p2wpkh(k.key).address(network),
        "p2tr": lambda k: script.p2tr(k.key).address(network),
        "evm": ethereum,
    }
    make = makers[kind]
    out = [make(chain.derive([index])) for index in range(count)]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
