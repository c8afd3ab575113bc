// A bundle inside the initrd (docs/formats.md "Bundle" and "Cell manifest"):
// its header, its manifest's fields, the BLAKE3 content ID of its body
// (hashed straight from the module, a chunk at a time) and its signature
// trailer, if it has one. Nothing here decides trust; verify.ts does.
import { ModuleReader, bytes, ptr, u16At, u32At, u64At, magicIs, nameAt } from "./bytes";
import { Refusal } from "./refusal";
import { Blake3 } from "../crypto/blake3";

export const BUNDLE_HEADER: u32 = 32;
export const TRAILER: u32 = 104;
const MAX_MANIFEST: u32 = 4096;
const MAX_FIELDS: u32 = 32;
const MAX_PAYLOAD: u64 = 64 << 20;

export const KIND_CELL: u8 = 1;
export const KIND_FILE: u8 = 2;
export const ARCH_ANY: u8 = 0;
export const ARCH_X86_64: u8 = 1;
export const ARCH_RISCV64: u8 = 2;

export class Bundle {
  name: string = "";
  kind: u8 = 0;
  arch: u8 = 0;
  caps: string = "";
  cid: StaticArray<u8> = bytes(32);
  bodyLen: u64 = 0;
  payloadOff: u64 = 0; // offset of the payload in the module
  payloadLen: u64 = 0;
  signed: bool = false;
  key: StaticArray<u8> = bytes(32);
  sig: StaticArray<u8> = bytes(64);
}

export class BundleResult {
  bundle: Bundle | null = null;
  error: Refusal | null = null;
}

function corrupt(why: string): BundleResult {
  const r = new BundleResult();
  r.error = new Refusal("corrupt", why);
  return r;
}

// Parse the bundle file at [off, off + len) of the module.
export function readBundle(m: ModuleReader, off: u64, len: u64): BundleResult {
  if (len < <u64>BUNDLE_HEADER) return corrupt("bundle is " + len.toString() + " bytes, shorter than its header");
  const h = bytes(BUNDLE_HEADER);
  if (!m.read(off, ptr(h), BUNDLE_HEADER)) return corrupt("bundle header lies past the initrd's end");
  const hp = ptr(h);
  if (!magicIs(hp, "NXBD")) return corrupt("bad bundle magic");
  if (u16At(hp, 4) != 1) return corrupt("bundle format version " + u16At(hp, 4).toString() + " (this kernel reads 1)");
  if (u16At(hp, 6) != 0 || u32At(hp, 12) != 0 || u64At(hp, 24) != 0) return corrupt("bundle header's reserved fields are not zero");
  const mlen = u32At(hp, 8);
  const plen = u64At(hp, 16);
  if (mlen < 1 || mlen > MAX_MANIFEST) return corrupt("bundle manifest length " + mlen.toString() + " (1 to 4096)");
  if (plen > MAX_PAYLOAD) return corrupt("bundle payload length " + plen.toString() + " over 64 MiB");
  const body = <u64>BUNDLE_HEADER + mlen + plen;
  if (body > len) return corrupt("bundle body (" + body.toString() + " bytes) is longer than its record (" + len.toString() + ")");
  const tail = len - body;
  if (tail != 0 && tail != <u64>TRAILER) return corrupt(tail.toString() + " bytes after the bundle body (a signature trailer is 104)");

  const mf = bytes(<i32>mlen);
  if (!m.read(off + BUNDLE_HEADER, ptr(mf), mlen)) return corrupt("bundle manifest lies past the initrd's end");
  const b = new Bundle();
  const why = parseManifest(ptr(mf), mlen, b);
  if (why.length > 0) return corrupt(why);
  b.bodyLen = body;
  b.payloadOff = off + BUNDLE_HEADER + mlen;
  b.payloadLen = plen;

  // The content ID: BLAKE3 of header, manifest and payload.
  const hasher = Blake3.newHash();
  hasher.update(hp, BUNDLE_HEADER);
  hasher.update(ptr(mf), mlen);
  if (!m.hashRange(hasher, b.payloadOff, plen)) return corrupt("bundle payload lies past the initrd's end");
  hasher.finalize(ptr(b.cid), 32);

  if (tail == <u64>TRAILER) {
    const t = bytes(TRAILER);
    if (!m.read(off + body, ptr(t), TRAILER)) return corrupt("signature trailer lies past the initrd's end");
    const why2 = readTrailer(ptr(t), b.key, b.sig);
    if (why2.length > 0) return corrupt(why2);
    b.signed = true;
  }
  const r = new BundleResult();
  r.bundle = b;
  return r;
}

// A signature trailer at p: "" and the key and signature, or what is wrong.
export function readTrailer(p: usize, key: StaticArray<u8>, sig: StaticArray<u8>): string {
  if (!magicIs(p, "NXSG")) return "bad signature trailer magic";
  if (u16At(p, 4) != 1) return "signature trailer version " + u16At(p, 4).toString() + " (this kernel reads 1)";
  if (u16At(p, 6) != 0) return "signature trailer's reserved field is not zero";
  memory.copy(ptr(key), p + 8, 32);
  memory.copy(ptr(sig), p + 40, 64);
  return "";
}

// The cell manifest's fields into b: "" or what is wrong with them.
function parseManifest(p: usize, len: u32, b: Bundle): string {
  if (len < 8) return "cell manifest shorter than its 8-byte header";
  if (!magicIs(p, "NXMF")) return "bad cell manifest magic";
  if (u16At(p, 4) != 1) return "cell manifest version " + u16At(p, 4).toString() + " (this kernel reads 1)";
  const count = u16At(p, 6);
  if (count < 1 || count > MAX_FIELDS) return "cell manifest has " + count.toString() + " fields (1 to 32)";
  let seen: u32 = 0;
  let off: u32 = 8;
  for (let i: u32 = 0; i < count; i++) {
    if (len - off < 4) return "cell manifest field " + i.toString() + " is cut short";
    const tag = <u32>load<u8>(p + off);
    if (load<u8>(p + off + 1) != 0) return "cell manifest field " + i.toString() + " has a non-zero reserved byte";
    const flen = u16At(p, off + 2);
    off += 4;
    if (flen > 1024 || flen > len - off)
      return "cell manifest field " + i.toString() + " is " + flen.toString() + " bytes, past the manifest's end";
    if (tag < 1 || tag > 4) return "cell manifest has unknown field tag " + tag.toString();
    if ((seen & (1 << tag)) != 0) return "cell manifest repeats field tag " + tag.toString();
    seen |= 1 << tag;
    const v = p + off;
    if (tag == 1) {
      const name = nameAt(v, flen);
      if (name === null) return "cell manifest name breaks the naming rule (a-z 0-9 . _ -, 1 to 63 bytes)";
      b.name = name;
    } else if (tag == 2 || tag == 3) {
      if (flen != 1) return "cell manifest field " + tag.toString() + " must be one byte";
      const x = load<u8>(v);
      if (tag == 2 && x != KIND_CELL && x != KIND_FILE) return "cell manifest kind " + x.toString() + " (1 cell, 2 file)";
      if (tag == 3 && x > ARCH_RISCV64) return "cell manifest arch " + x.toString() + " (0 any, 1 x86_64, 2 riscv64)";
      if (tag == 2) b.kind = x;
      else b.arch = x;
    } else {
      b.caps = String.UTF8.decodeUnsafe(v, flen);
    }
    off += flen;
  }
  if (off != len) return "cell manifest has " + (len - off).toString() + " bytes after its last field";
  if ((seen & 0b1110) != 0b1110) return "cell manifest lacks its name, kind or arch";
  return "";
}

export function archName(a: u8): string {
  return a == ARCH_X86_64 ? "x86_64" : a == ARCH_RISCV64 ? "riscv64" : "any";
}
