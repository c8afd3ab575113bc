// The crypto figures of `make bench`: BLAKE3 over a 1 MiB buffer in linear
// memory, and Ed25519 verification of one fixed valid signature (./vector.ts).
// Prints `bench: blake3 <MB/s> MB/s` (MB = 10^6 bytes) and
// `bench: ed25519-verify <n> verify/s`; under -icount shift=0 a guest second
// is 10^9 instructions, so there they are per 10^9 instructions.
import { println, dec } from "../../console";
import { nowNs } from "../../cpu/time";
import { blake3 } from "../../crypto/blake3";
import { ed25519Verify } from "../../crypto/ed25519";
import { ED25519_PUB, ED25519_SIG, ED25519_MSG, ED25519_MSG_LEN } from "./vector";

const HASH_BYTES: i32 = 1 << 20;
const HASHES: u64 = 8;
const VERIFIES: u64 = 64;

// `count` things of `scale` units each in `ns`, as units per second to a tenth.
function rate(name: string, count: u64, scale: u64, ns: u64, unit: string): void {
  const tenths = (count * 10_000_000_000) / (scale * (ns > 0 ? ns : 1));
  println("bench: " + name + " " + dec(tenths / 10) + "." + dec(tenths % 10) + " " + unit);
}

export function cryptoBenchmarks(): void {
  const buf = new ArrayBuffer(HASH_BYTES);
  const p = changetype<usize>(buf);
  for (let i = 0; i < HASH_BYTES; i++) store<u8>(p + <usize>i, <u8>(i % 251));
  const digest = new ArrayBuffer(32);
  const out = changetype<usize>(digest);
  blake3(p, <usize>HASH_BYTES, out); // first run outside the figure
  let t = nowNs();
  for (let i: u64 = 0; i < HASHES; i++) blake3(p, <usize>HASH_BYTES, out);
  rate("blake3", HASHES * <u64>HASH_BYTES, 1_000_000, nowNs() - t, "MB/s");

  const first = ed25519Verify(ED25519_PUB, ED25519_MSG, ED25519_MSG_LEN, ED25519_SIG);
  if (first != 0) {
    println("# ed25519-verify: the benchmark's valid signature was rejected (" + first.toString() + "), no figure");
    return;
  }
  t = nowNs();
  for (let i: u64 = 0; i < VERIFIES; i++) ed25519Verify(ED25519_PUB, ED25519_MSG, ED25519_MSG_LEN, ED25519_SIG);
  rate("ed25519-verify", VERIFIES, 1, nowNs() - t, "verify/s");
}
