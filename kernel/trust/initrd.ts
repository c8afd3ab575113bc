// The initrd's layout (docs/formats.md "Initrd"): header, signed manifest
// with its entries, signature trailer, and the store records' places. Only
// structure is checked here; verify.ts checks signatures and content IDs.
import { ModuleReader, bytes, ptr, u16At, u32At, u64At, magicIs, isZero, nameAt, equalBytes, hexOf } from "./bytes";
import { readTrailer, TRAILER } from "./bundle";
import { Refusal } from "./refusal";

const HEADER: u32 = 32;
const MANIFEST_HEADER: u32 = 56;
const ENTRY: u32 = 104;
const MAX_ENTRIES: u32 = 256;
const MAX_TOTAL: u64 = 256 << 20;
const RECORD_HEADER: u32 = 40;

export class Entry {
  cid: StaticArray<u8> = bytes(32);
  size: u64 = 0;
  name: string = "";
}

export class Record {
  cid: StaticArray<u8> = bytes(32);
  off: u64 = 0; // the bundle file's offset in the module
  len: u64 = 0;
}

export class Initrd {
  total: u64 = 0;
  manifest: StaticArray<u8> = bytes(0); // the signed bytes, as they are
  version: u64 = 0;
  root: StaticArray<u8> = bytes(32);
  entries: Array<Entry> = new Array<Entry>();
  key: StaticArray<u8> = bytes(32);
  sig: StaticArray<u8> = bytes(64);
  records: Array<Record> = new Array<Record>();
  error: Refusal | null = null; // set when the layout is wrong
}

function fail(r: Initrd, code: string, why: string): Initrd {
  r.error = new Refusal(code, why);
  return r;
}

export function readInitrd(m: ModuleReader): Initrd {
  const r = new Initrd();
  if (m.size < <u64>HEADER)
    return fail(r, "truncated", "initrd module is " + m.size.toString() + " bytes, shorter than its 32-byte header");
  const h = bytes(HEADER);
  m.read(0, ptr(h), HEADER);
  const hp = ptr(h);
  if (!magicIs(hp, "NXIR")) return fail(r, "corrupt", "not an initrd (bad magic)");
  if (u16At(hp, 4) != 1) return fail(r, "corrupt", "initrd format version " + u16At(hp, 4).toString() + " (this kernel reads 1)");
  if (u16At(hp, 6) != 0 || u64At(hp, 24) != 0) return fail(r, "corrupt", "initrd header's reserved fields are not zero");
  const mlen = u32At(hp, 8);
  const count = u32At(hp, 12);
  const total = u64At(hp, 16);
  if (total > MAX_TOTAL) return fail(r, "corrupt", "initrd claims " + total.toString() + " bytes, over 256 MiB");
  // Bytes after `total` are a loader's padding; fewer than `total` is a cut.
  if (total > m.size) return fail(r, "truncated", "initrd is " + m.size.toString() + " bytes but its header says " + total.toString());
  if (mlen < MANIFEST_HEADER || mlen > MANIFEST_HEADER + MAX_ENTRIES * ENTRY || (mlen - MANIFEST_HEADER) % ENTRY != 0)
    return fail(r, "corrupt", "initrd manifest length " + mlen.toString() + " is not 56 + 104 x entries (at most 256)");
  if (count > MAX_ENTRIES) return fail(r, "corrupt", "initrd has " + count.toString() + " store records (at most 256)");
  if (<u64>HEADER + mlen + TRAILER > total)
    return fail(r, "corrupt", "initrd manifest and signature run past its " + total.toString() + " bytes");
  r.total = total;

  r.manifest = bytes(<i32>mlen);
  const mp = ptr(r.manifest);
  m.read(HEADER, mp, mlen);
  if (!magicIs(mp, "NXIM")) return fail(r, "corrupt", "bad initrd manifest magic");
  if (u16At(mp, 4) != 1) return fail(r, "corrupt", "initrd manifest format version " + u16At(mp, 4).toString() + " (this kernel reads 1)");
  if (u16At(mp, 6) != 0 || u32At(mp, 20) != 0) return fail(r, "corrupt", "initrd manifest's reserved fields are not zero");
  r.version = u64At(mp, 8);
  const n = u32At(mp, 16);
  if (<u64>MANIFEST_HEADER + <u64>n * ENTRY != <u64>mlen)
    return fail(r, "corrupt", "initrd manifest lists " + n.toString() + " entries but is " + mlen.toString() + " bytes");
  memory.copy(ptr(r.root), mp + 24, 32);
  for (let i: u32 = 0; i < n; i++) {
    const e = new Entry();
    const ep = mp + MANIFEST_HEADER + i * ENTRY;
    memory.copy(ptr(e.cid), ep, 32);
    e.size = u64At(ep, 32);
    let nlen: u32 = 0;
    while (nlen < 64 && load<u8>(ep + 40 + nlen) != 0) nlen++;
    const name = nameAt(ep + 40, nlen);
    if (name === null || !isZero(ep + 40 + nlen, 64 - nlen))
      return fail(r, "corrupt", "initrd manifest entry " + i.toString() + " has a bad name");
    e.name = name;
    for (let j = 0; j < r.entries.length; j++) {
      if (r.entries[j].name == name) return fail(r, "corrupt", "initrd manifest names " + name + " twice");
    }
    r.entries.push(e);
  }

  const t = bytes(TRAILER);
  m.read(<u64>HEADER + mlen, ptr(t), TRAILER);
  const why = readTrailer(ptr(t), r.key, r.sig);
  if (why.length > 0) return fail(r, "corrupt", "initrd manifest: " + why);

  let off: u64 = <u64>HEADER + mlen + TRAILER;
  const rh = bytes(RECORD_HEADER);
  for (let i: u32 = 0; i < count; i++) {
    if (!m.read(off, ptr(rh), RECORD_HEADER) || off + RECORD_HEADER > total)
      return fail(r, "corrupt", "initrd store record " + i.toString() + " runs past the initrd's end");
    const rec = new Record();
    memory.copy(ptr(rec.cid), ptr(rh), 32);
    rec.len = u64At(ptr(rh), 32);
    rec.off = off + RECORD_HEADER;
    if (rec.len > total - rec.off)
      return fail(r, "corrupt", "initrd store record " + i.toString() + " claims " + rec.len.toString() + " bytes, past the initrd's end");
    for (let j = 0; j < r.records.length; j++) {
      if (equalBytes(ptr(r.records[j].cid), ptr(rec.cid), 32))
        return fail(r, "corrupt", "initrd store holds content ID " + hexOf(ptr(rec.cid), 8) + "... twice");
    }
    r.records.push(rec);
    off = (rec.off + rec.len + 7) & ~(<u64>7);
  }
  if (off != total) return fail(r, "corrupt", "initrd store ends at byte " + off.toString() + ", not at its length " + total.toString());
  return r;
}
