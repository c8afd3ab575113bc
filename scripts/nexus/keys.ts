// Ed25519 keys on disk, key IDs, and the signature trailer every signed
// structure carries (docs/formats.md, "Signature trailer").
import * as ed from "@noble/ed25519";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { NexusError, FormatError, Reader, Writer, blake3, toHex, fromHex, equalBytes, ascii } from "./bytes.ts";

ed.hashes.sha512 = (m: Uint8Array) => new Uint8Array(createHash("sha512").update(m).digest());

export const TRAILER_SIZE = 104;
export const BUNDLE_SIG_CONTEXT = ascii("nexus bundle sig v1\0");
export const INITRD_SIG_CONTEXT = ascii("nexus initrd sig v1\0");

export interface SecretKey {
  seed: Uint8Array; // the 32-byte Ed25519 secret key
  pub: Uint8Array;
}

export function keyFromSeed(seed: Uint8Array): SecretKey {
  return { seed, pub: ed.getPublicKey(seed) };
}

// First 8 bytes of BLAKE3 of the public key, in 16 hex digits.
export function keyId(pub: Uint8Array): string {
  return toHex(blake3(pub).subarray(0, 8));
}

function readHexFile(path: string, what: string): Uint8Array {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new NexusError(`${what} ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  return fromHex(text.trim(), 32, `${what} ${path}`);
}

export function readSecretKey(path: string): SecretKey {
  return keyFromSeed(readHexFile(path, "secret key"));
}

export function readPublicKey(path: string): Uint8Array {
  return readHexFile(path, "public key");
}

// Writes PATH (the seed, mode 0600) and PATH.pub; refuses to replace either
// unless `force`.
export function keygen(path: string, force: boolean, seed: Uint8Array = new Uint8Array(randomBytes(32))): SecretKey {
  const pubPath = `${path}.pub`;
  if (!force) {
    for (const p of [path, pubPath]) {
      if (existsSync(p)) throw new NexusError(`${p} already exists (use --force to replace it)`);
    }
  }
  const key = keyFromSeed(seed);
  try {
    writeFileSync(path, toHex(seed) + "\n", { mode: 0o600 });
    chmodSync(path, 0o600); // an existing file keeps its old mode otherwise
    writeFileSync(pubPath, toHex(key.pub) + "\n");
  } catch (e) {
    throw new NexusError(`cannot write key: ${(e as Error).message}`);
  }
  return key;
}

export interface Trailer {
  pub: Uint8Array;
  sig: Uint8Array;
}

export function makeTrailer(key: SecretKey, context: Uint8Array, message: Uint8Array): Uint8Array {
  const sig = ed.sign(Buffer.concat([context, message]), key.seed);
  return new Writer().ascii("NXSG").u16(1).u16(0).bytes(key.pub).bytes(sig).finish();
}

// Parses exactly one trailer; `what` names its owner in messages.
export function parseTrailer(buf: Uint8Array, what: string): Trailer {
  if (buf.length !== TRAILER_SIZE) {
    throw new FormatError("corrupt", `${what}: ${buf.length} bytes where a ${TRAILER_SIZE}-byte signature trailer should be`);
  }
  const r = new Reader(buf, `${what} signature trailer`);
  r.magic("NXSG");
  r.version();
  r.reserved(2);
  return { pub: r.bytes(32, "public key"), sig: r.bytes(64, "signature") };
}

export function verifySig(t: Trailer, context: Uint8Array, message: Uint8Array): boolean {
  try {
    return ed.verify(t.sig, Buffer.concat([context, message]), t.pub);
  } catch {
    return false; // a public key that is not a curve point
  }
}

// Judges a trailer the way the kernel does: `null` if no trailer, else the
// result word (ok, unknown-key, bad-signature). With no trusted list, any key
// whose signature verifies is ok.
export function judgeSignature(t: Trailer | null, context: Uint8Array, message: Uint8Array, trusted?: Uint8Array[]): string {
  if (!t) return "unsigned";
  if (trusted && !trusted.some((k) => equalBytes(k, t.pub))) return "unknown-key";
  return verifySig(t, context, message) ? "ok" : "bad-signature";
}
