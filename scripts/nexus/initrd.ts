// The initrd boot module (docs/formats.md, "Initrd"): header, signed initrd
// manifest, store records. Building, parsing, and checking it in the order the
// kernel does.
import { FormatError, NexusError, Reader, Writer, toHex, equalBytes, isName, MiB } from "./bytes.ts";
import {
  type SecretKey,
  type Trailer,
  TRAILER_SIZE,
  INITRD_SIG_CONTEXT,
  makeTrailer,
  parseTrailer,
  judgeSignature,
  keyId,
} from "./keys.ts";
import { BODY_MAX, parseBundle, bundleSignature } from "./bundle.ts";
import { merkleRoot } from "./merkle.ts";

export const ENTRIES_MAX = 256;
export const INITRD_MAX = 256 * MiB;
const HEADER = 32;
const MF_HEADER = 56;
const ENTRY = 104;
const RECORD_HEADER = 40;
const U64_MAX = (1n << 64n) - 1n;

export interface Entry {
  cid: Uint8Array;
  bodyLength: number;
  name: string;
}
export interface StoreRecord {
  cid: Uint8Array; // the content ID the record claims
  file: Uint8Array; // the bundle file, body plus trailer if any
}

const pad8 = (n: number) => (8 - (n % 8)) % 8;

export function encodeInitrdManifest(version: bigint, entries: Entry[]): Uint8Array {
  if (version < 0n || version > U64_MAX) throw new NexusError(`manifest version ${version} is not a u64`);
  if (entries.length > ENTRIES_MAX) throw new NexusError(`${entries.length} entries, over the limit ${ENTRIES_MAX}`);
  const names = new Set<string>();
  const cids = new Set<string>();
  for (const e of entries) {
    if (!isName(e.name)) throw new NexusError(`entry name ${JSON.stringify(e.name)} breaks the naming rule`);
    if (cids.has(toHex(e.cid))) throw new NexusError(`bundle ${toHex(e.cid)} is given twice`);
    if (names.has(e.name)) throw new NexusError(`two bundles are named ${e.name}`);
    names.add(e.name);
    cids.add(toHex(e.cid));
  }
  const w = new Writer().ascii("NXIM").u16(1).u16(0).u64(version).u32(entries.length).u32(0);
  w.bytes(merkleRoot(entries.map((e) => e.cid)));
  for (const e of entries) {
    const name = new Uint8Array(64);
    name.set(Buffer.from(e.name, "latin1"));
    w.bytes(e.cid).u64(e.bodyLength).bytes(name);
  }
  return w.finish();
}

// Entries and records are given separately so that tests can make an initrd
// whose records disagree with its manifest; `signer` signs the manifest.
export function buildInitrd(version: bigint, entries: Entry[], records: StoreRecord[], signer: SecretKey): Uint8Array {
  const mf = encodeInitrdManifest(version, entries);
  if (records.length > ENTRIES_MAX) throw new NexusError(`${records.length} store records, over the limit ${ENTRIES_MAX}`);
  let total = HEADER + mf.length + TRAILER_SIZE;
  for (const r of records) total += RECORD_HEADER + r.file.length + pad8(r.file.length);
  if (total > INITRD_MAX) throw new NexusError(`the initrd would be ${total} bytes, over the limit ${INITRD_MAX}`);
  const w = new Writer().ascii("NXIR").u16(1).u16(0).u32(mf.length).u32(records.length).u64(total).u64(0);
  w.bytes(mf).bytes(makeTrailer(signer, INITRD_SIG_CONTEXT, mf));
  for (const r of records) w.bytes(r.cid).u64(r.file.length).bytes(r.file).zeros(pad8(r.file.length));
  return w.finish();
}

// The usual case: one entry and one record per bundle file, in the order given,
// names from each bundle's manifest.
export function initrdFromBundles(files: { path: string; bytes: Uint8Array }[], version: bigint, signer: SecretKey): Uint8Array {
  const entries: Entry[] = [];
  const records: StoreRecord[] = [];
  for (const f of files) {
    let b;
    try {
      b = parseBundle(f.bytes, f.path);
    } catch (e) {
      throw new NexusError(`${(e as Error).message}`);
    }
    entries.push({ cid: b.cid, bodyLength: b.body.length, name: b.manifest.name });
    records.push({ cid: b.cid, file: f.bytes });
  }
  return buildInitrd(version, entries, records, signer);
}

export interface Initrd {
  totalLength: number;
  manifest: Uint8Array; // the signed bytes
  version: bigint;
  root: Uint8Array;
  entries: Entry[];
  trailer: Trailer;
  records: Map<string, StoreRecord>; // by claimed cid, hex
  stray: string[]; // content IDs of records no entry names (refused)
}

// Structure only: refuses what the kernel's step 1 refuses (truncated, corrupt)
// and a malformed manifest or record list.
export function parseInitrd(file: Uint8Array, what = "initrd"): Initrd {
  const bad = (msg: string) => new FormatError("corrupt", `${what}: ${msg}`);
  if (file.length < HEADER) throw new FormatError("truncated", `${what}: ${file.length} bytes, less than the 32-byte header`);
  const r = new Reader(file, what);
  r.magic("NXIR");
  r.version();
  r.reserved(2);
  const m = r.u32("manifest length");
  if (m < MF_HEADER || m > MF_HEADER + ENTRIES_MAX * ENTRY || (m - MF_HEADER) % ENTRY !== 0) {
    throw bad(`manifest length ${m} is not 56 + 104 × (0 to 256)`);
  }
  const s = r.u32("store record count");
  if (s > ENTRIES_MAX) throw bad(`store record count ${s} is over ${ENTRIES_MAX}`);
  const total = r.length64("total length", INITRD_MAX);
  r.reserved(8);
  if (total > file.length) throw new FormatError("truncated", `${what}: total length says ${total} bytes, only ${file.length} are there`);
  if (total < file.length) throw bad(`${file.length - total} bytes after the total length ${total}`);
  if (total < HEADER + m + TRAILER_SIZE) throw bad(`total length ${total} is too short for the manifest and its trailer`);

  const mf = r.bytes(m, "manifest");
  const mr = new Reader(mf, `${what} manifest`);
  mr.magic("NXIM");
  mr.version();
  mr.reserved(2);
  const version = mr.u64("manifest version");
  const count = mr.u32("entry count");
  if (count > ENTRIES_MAX || MF_HEADER + count * ENTRY !== m) throw bad(`entry count ${count} does not match manifest length ${m}`);
  mr.reserved(4);
  const root = mr.bytes(32, "merkle root");
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const cid = mr.bytes(32, `entry ${i} cid`);
    const bodyLength = mr.length64(`entry ${i} body length`, BODY_MAX);
    const raw = mr.bytes(64, `entry ${i} name`);
    const end = raw.indexOf(0);
    const name = Buffer.from(raw.subarray(0, end < 0 ? 64 : end)).toString("latin1");
    if (end < 0 || raw.subarray(end).some((b) => b !== 0) || !isName(name)) {
      throw bad(`entry ${i} name is not a valid NUL-padded name`);
    }
    if (entries.some((e) => e.name === name)) throw bad(`entry ${i} repeats the name ${name}`);
    if (entries.some((e) => equalBytes(e.cid, cid))) throw bad(`entry ${i} repeats the content ID ${toHex(cid)}`);
    entries.push({ cid, bodyLength, name });
  }
  const trailer = parseTrailer(r.bytes(TRAILER_SIZE, "manifest signature trailer"), `${what} manifest`);

  const records = new Map<string, StoreRecord>();
  const stray: string[] = [];
  for (let i = 0; i < s; i++) {
    const at = r.pos;
    const cid = r.bytes(32, `record ${i} cid`);
    const len = r.length64(`record ${i} length`, BODY_MAX + TRAILER_SIZE);
    const rec = r.bytes(len, `record ${i} bundle`);
    if (r.bytes(pad8(len), `record ${i} padding`).some((b) => b !== 0)) throw bad(`record ${i} padding is not zero`);
    const hex = toHex(cid);
    if (records.has(hex) || stray.includes(hex)) throw bad(`record ${i} at offset ${at} repeats ${hex}`);
    if (entries.some((e) => equalBytes(e.cid, cid))) records.set(hex, { cid, file: rec });
    else stray.push(hex); // refused: no entry names it
  }
  if (r.remaining !== 0) throw bad(`${r.remaining} bytes after the last store record`);
  return { totalLength: total, manifest: mf, version, root, entries, trailer, records, stray };
}

export interface EntryStatus {
  name: string;
  cid: string;
  size: number; // body length the manifest states
  status: string; // ok, missing, corrupt, cid-mismatch, unsigned, unknown-key, bad-signature
  signer: string | null;
  detail?: string;
}
export interface InitrdReport {
  version: bigint;
  root: string;
  rootOk: boolean;
  signer: string;
  manifest: string; // ok, unknown-key, bad-signature, rollback, corrupt
  entries: EntryStatus[];
  stray: string[];
}

// The kernel's steps 2 to 4. `trusted` undefined accepts any key whose
// signature verifies; `minVersion` undefined skips the rollback check.
export function checkInitrd(ir: Initrd, trusted?: Uint8Array[], minVersion?: bigint): InitrdReport {
  const rootOk = equalBytes(ir.root, merkleRoot(ir.entries.map((e) => e.cid)));
  let manifest = judgeSignature(ir.trailer, INITRD_SIG_CONTEXT, ir.manifest, trusted);
  if (manifest === "ok" && minVersion !== undefined && ir.version < minVersion) manifest = "rollback";
  if (manifest === "ok" && !rootOk) manifest = "corrupt";
  const entries = ir.entries.map((e): EntryStatus => {
    const base = { name: e.name, cid: toHex(e.cid), size: e.bodyLength, signer: null };
    const rec = ir.records.get(toHex(e.cid));
    if (!rec) return { ...base, status: "missing" };
    let b;
    try {
      b = parseBundle(rec.file, `bundle ${e.name}`);
    } catch (err) {
      return { ...base, status: "corrupt", detail: (err as Error).message };
    }
    const signer = b.trailer ? keyId(b.trailer.pub) : null;
    if (!equalBytes(b.cid, e.cid)) return { ...base, signer, status: "cid-mismatch", detail: `body hashes to ${toHex(b.cid)}` };
    if (b.body.length !== e.bodyLength)
      return { ...base, signer, status: "corrupt", detail: `body is ${b.body.length} bytes, entry says ${e.bodyLength}` };
    const sig = bundleSignature(b, trusted);
    if (sig !== "ok") return { ...base, signer, status: sig };
    if (b.manifest.name !== e.name) return { ...base, signer, status: "corrupt", detail: `bundle calls itself ${b.manifest.name}` };
    return { ...base, signer, status: "ok" };
  });
  return { version: ir.version, root: toHex(ir.root), rootOk, signer: keyId(ir.trailer.pub), manifest, entries, stray: ir.stray };
}
