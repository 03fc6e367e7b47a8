#!/usr/bin/env python3
"""A JSON-RPC 2.0 server over eth-tester (py-evm) for Till's tests; run with the peers venv's python.

Started by `EVMNode` (Sources/TillChainTestSupport). It binds 127.0.0.1 on a free port (or --port) and prints
that port as its first stdout line. It exits when its stdin closes, so it never outlives the test process.

Requests go through web3's EthereumTesterProvider *with* its middleware (combine_middleware): the provider's
bare make_request speaks eth-tester's snake_case dialect; the middleware turns it into real JSON-RPC
(camelCase keys, hex quantities). Results are then made JSON-safe (ints → 0x quantities, bytes → 0x hex).
Single and batch requests; unknown methods give -32601, bad params/failures -32000, bad JSON -32700.

Test extras (JSON-RPC methods):
  evm_snapshot() → id             evm_revert(id) → true       evm_mine(count=1) → head number (hex)
  till_accounts() → funded, unlocked accounts (eth_accounts works too)
  till_deployToken(name, symbol, decimals, supply, owner?) → token address (compiles Token.vy with vyper)
  till_sendEth(from, to, weiHex) → tx hash          till_tokenTransfer(token, from, to, unitsHex) → tx hash
  till_forwardEth(contract, from, to, weiHex) → tx hash: ETH reaches `to` by an internal call only
  till_signEth(from, to, weiHex) → a signed raw ETH transfer with `from`'s next nonce, not sent (send it, and
                                   again after an evm_revert, with eth_sendRawTransaction: the same tx re-mined)

Outage control, one command per stdin line, answered on stdout with "ok <command>":
  down   closes the listening socket (clients get "connection refused"); the chain stays in memory
  up     listens again on the same port
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from eth_account import Account
from eth_tester import EthereumTester, PyEVMBackend
from web3 import Web3
from web3.middleware import combine_middleware
from web3.providers.eth_tester import EthereumTesterProvider

HERE = os.path.dirname(os.path.abspath(__file__))
TESTER = EthereumTester(PyEVMBackend())
PROVIDER = EthereumTesterProvider(TESTER)
W3 = Web3(PROVIDER)
REQUEST = combine_middleware(PROVIDER._middleware, W3, PROVIDER.make_request)
CHAIN_LOCK = threading.Lock()  # py-evm is not thread-safe; one request touches the chain at a time
_COMPILED = {}
LISTENING = threading.Event()


class RPCError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def jsonable(value):
    """Ints become 0x quantities, bytes 0x hex; containers recursively (AttributeDicts are Mappings)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return hex(value)
    if isinstance(value, (bytes, bytearray)):
        return "0x" + bytes(value).hex()
    if hasattr(value, "items"):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return str(value)


def compiled_token():
    if "token" not in _COMPILED:
        vyper = os.path.join(os.path.dirname(sys.executable), "vyper")
        out = subprocess.run([vyper, "-f", "abi,bytecode", os.path.join(HERE, "Token.vy")],
                             check=True, capture_output=True, text=True).stdout.strip().splitlines()
        _COMPILED["token"] = (json.loads(out[0]), out[1].strip())
    return _COMPILED["token"]


def token_contract(address):
    abi, _ = compiled_token()
    return W3.eth.contract(address=Web3.to_checksum_address(address), abi=abi)


def quantity(text):
    return int(text, 16) if isinstance(text, str) else int(text)


def extra(method, params):
    """Test extras; None when `method` is not one of them."""
    if method == "evm_snapshot":
        return hex(TESTER.take_snapshot())
    if method == "evm_revert":
        TESTER.revert_to_snapshot(quantity(params[0]))
        return True
    if method == "evm_mine":
        TESTER.mine_blocks(quantity(params[0]) if params else 1)
        return hex(W3.eth.block_number)
    if method == "till_accounts":
        return list(TESTER.get_accounts())
    if method == "till_deployToken":
        name, symbol, decimals, supply = params[0], params[1], int(params[2]), quantity(params[3])
        owner = params[4] if len(params) > 4 else TESTER.get_accounts()[0]
        abi, bytecode = compiled_token()
        factory = W3.eth.contract(abi=abi, bytecode=bytecode)
        tx = factory.constructor(name, symbol, decimals, supply).transact({"from": owner})
        return W3.eth.get_transaction_receipt(tx)["contractAddress"]
    if method == "till_sendEth":
        sender, to, value = params[0], params[1], quantity(params[2])
        tx = W3.eth.send_transaction({"from": sender, "to": Web3.to_checksum_address(to), "value": value})
        return "0x" + bytes(tx).hex()
    if method == "till_tokenTransfer":
        token, sender, to, value = params[0], params[1], params[2], quantity(params[3])
        tx = token_contract(token).functions.transfer(Web3.to_checksum_address(to), value).transact({"from": sender})
        return "0x" + bytes(tx).hex()
    if method == "till_forwardEth":
        contract, sender, to, value = params[0], params[1], params[2], quantity(params[3])
        forwarder = token_contract(contract)
        W3.eth.send_transaction({"from": sender, "to": forwarder.address, "value": value})
        tx = forwarder.functions.forward(Web3.to_checksum_address(to)).transact({"from": sender})
        return "0x" + bytes(tx).hex()
    if method == "till_signEth":
        sender, to, value = Web3.to_checksum_address(params[0]), Web3.to_checksum_address(params[1]), quantity(params[2])
        key = next(k for k in TESTER.backend.account_keys if k.public_key.to_checksum_address() == sender)
        tx = {"to": to, "value": value, "nonce": W3.eth.get_transaction_count(sender), "gas": 21000, "type": 2,
              "maxFeePerGas": 10 ** 10, "maxPriorityFeePerGas": 10 ** 9, "chainId": W3.eth.chain_id}
        return "0x" + bytes(Account.sign_transaction(tx, key.to_bytes()).raw_transaction).hex()
    return None


def call(method, params):
    with CHAIN_LOCK:
        try:
            result = extra(method, params)
            if result is not None:
                return result
            response = REQUEST(method, params)
        except RPCError:
            raise
        except Exception as error:  # eth-tester raises plain exceptions for bad params and reverts
            raise RPCError(-32000, f"{type(error).__name__}: {error}")
    if "error" in response:
        error = response["error"]
        if isinstance(error, dict):
            raise RPCError(int(error.get("code", -32000)), str(error.get("message", "error")))
        raise RPCError(-32000, str(error))
    return jsonable(response.get("result"))


def answer(request):
    if not isinstance(request, dict) or not isinstance(request.get("method"), str):
        return {"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": "Invalid Request"}}
    ident = request.get("id")
    params = request.get("params") or []
    try:
        return {"jsonrpc": "2.0", "id": ident, "result": call(request["method"], params)}
    except RPCError as error:
        return {"jsonrpc": "2.0", "id": ident, "error": {"code": error.code, "message": error.message}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        if not LISTENING.is_set():
            # "down": keep-alive connections opened before the outage must fail too, not only new ones.
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            payload = json.loads(body)
        except ValueError:
            reply = {"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error"}}
        else:
            if isinstance(payload, list):
                reply = [answer(item) for item in payload] if payload else \
                    {"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": "Invalid Request"}}
            else:
                reply = answer(payload)
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Listener:
    """The HTTP side, which can be closed and reopened on the same port while the chain lives on."""

    def __init__(self, port):
        self.port = port
        self.server = None

    def up(self):
        if self.server is None:
            self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
            self.server.daemon_threads = True
            self.port = self.server.server_address[1]
            threading.Thread(target=self.server.serve_forever, daemon=True).start()
        LISTENING.set()

    def down(self):
        LISTENING.clear()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    listener = Listener(parser.parse_args().port)
    listener.up()
    print(listener.port, flush=True)
    for line in sys.stdin:  # ends when the test process closes our stdin or dies
        command = line.strip()
        if command == "down":
            listener.down()
        elif command == "up":
            listener.up()
        print(f"ok {command}", flush=True)
    listener.down()


if __name__ == "__main__":
    main()
