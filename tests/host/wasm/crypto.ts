// Host-test entry for kernel/crypto/: JS writes inputs into raw heap blocks
// and calls these thin wrappers over pointers.
import { Blake3, blake3, blake3Keyed } from "../../../kernel/crypto/blake3";
import { Sha512, sha512 } from "../../../kernel/crypto/sha512";
import { ed25519Verify, ed25519ErrorText } from "../../../kernel/crypto/ed25519";

export function alloc(bytes: u32): u32 {
  return <u32>heap.alloc(bytes);
}
export function free(ptr: u32): void {
  heap.free(ptr);
}

export function b3(ptr: u32, len: u32, out: u32): void {
  blake3(ptr, len, out);
}
export function b3Keyed(key: u32, ptr: u32, len: u32, out: u32): void {
  blake3Keyed(key, ptr, len, out);
}

// One incremental hasher at a time, held by a global so the collector keeps it.
let hasher: Blake3 | null = null;
// mode 0: hash, 1: keyed (arg = key), 2: derive_key (arg, argLen = context).
export function b3New(mode: u32, arg: u32, argLen: u32): void {
  hasher = mode == 0 ? Blake3.newHash() : mode == 1 ? Blake3.newKeyed(arg) : Blake3.newDeriveKey(arg, argLen);
}
export function b3Update(ptr: u32, len: u32): void {
  hasher!.update(ptr, len);
}
export function b3Finalize(out: u32, len: u32): void {
  hasher!.finalize(out, len);
}

export function sha(ptr: u32, len: u32, out: u32): void {
  sha512(ptr, len, out);
}
let sh: Sha512 | null = null;
export function shaNew(): void {
  sh = new Sha512();
}
export function shaUpdate(ptr: u32, len: u32): void {
  sh!.update(ptr, len);
}
export function shaFinalize(out: u32): void {
  sh!.finalize(out);
}

// sigLen other than 64 is refused here, as a caller parsing fixed 64-byte
// signature fields would (Wycheproof's truncated and padded signatures).
export function verify(pub: u32, msg: u32, msgLen: u32, sig: u32, sigLen: u32): i32 {
  if (sigLen != 64) return -1;
  return ed25519Verify(pub, msg, msgLen, sig);
}
export function errorText(code: i32): string {
  return ed25519ErrorText(code);
}
