// The hosted crypto benchmark's module: the kernel's own crypto, built with the
// kernel's asc settings (asconfig.json) and then wasm2c and clang for Linux
// (Makefile, "hosted"), driven by bench/hosted/main.c.
import { blake3 } from "../../kernel/crypto/blake3";
import { ed25519Verify } from "../../kernel/crypto/ed25519";
import { ED25519_PUB, ED25519_SIG, ED25519_MSG, ED25519_MSG_LEN } from "../../kernel/ktest/bench/vector";

// Buffers for main.c, kept reachable so the collector never frees them.
const kept = new Array<ArrayBuffer>();
export function scratch(bytes: i32): usize {
  const b = new ArrayBuffer(bytes);
  kept.push(b);
  return changetype<usize>(b);
}

export function hash(ptr: usize, len: usize, out: usize): void {
  blake3(ptr, len, out);
}
export function verify(pub: usize, msg: usize, msgLen: usize, sig: usize): i32 {
  return ed25519Verify(pub, msg, msgLen, sig);
}

// The kernel benchmark's signature (kernel/ktest/bench/vector.ts), for main.c to
// verify and to print for the libsodium and Node figures.
export function vectorPub(): usize {
  return ED25519_PUB;
}
export function vectorSig(): usize {
  return ED25519_SIG;
}
export function vectorMsg(): usize {
  return ED25519_MSG;
}
export function vectorMsgLen(): usize {
  return ED25519_MSG_LEN;
}
