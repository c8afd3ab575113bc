// Verified boot (docs/formats.md "What the kernel checks"): the initrd
// manifest's signature by a trusted key, its version against the kernel's
// minimum, its Merkle root, then each bundle's content ID and signature.
// Every outcome goes to the TrustLog (console and ledger at boot); a bundle
// that fails is refused alone and the others are still used.
import { ModuleReader, bytes, ptr, hexOf, equalBytes, putAscii } from "./bytes";
import { readInitrd, Initrd, Entry, Record } from "./initrd";
import { readBundle, Bundle, archName } from "./bundle";
import { merkleRoot } from "./merkle";
import { TrustLog } from "./refusal";
import { blake3, Blake3 } from "../crypto/blake3";
import { ed25519Verify, ed25519ErrorText } from "../crypto/ed25519";

const INITRD_CONTEXT = "nexus initrd sig v1\0";
const BUNDLE_CONTEXT = "nexus bundle sig v1\0";
const CONTEXT_LEN: u32 = 20;

// A bundle that passed every check; its payload is read from the module.
export class TrustedBundle {
  constructor(
    public bundle: Bundle,
    public module: ModuleReader,
  ) {}
}

export class Verification {
  bundles: Array<TrustedBundle> = new Array<TrustedBundle>();
  refused: i32 = 0;
}

// Key ID: the first 8 bytes of BLAKE3 of the public key, in hex.
export function keyId(key: StaticArray<u8>): string {
  const h = bytes(32);
  blake3(ptr(key), 32, ptr(h));
  return hexOf(ptr(h), 8);
}

function trusted(key: StaticArray<u8>, keys: Array<StaticArray<u8>>): bool {
  for (let i = 0; i < keys.length; i++) if (equalBytes(ptr(key), ptr(keys[i]), 32)) return true;
  return false;
}

export function verifyInitrd(m: ModuleReader, keys: Array<StaticArray<u8>>, minVersion: u64, log: TrustLog): Verification {
  const v = new Verification();
  const whole = bytes(32);
  const h = Blake3.newHash();
  m.hashRange(h, 0, m.size);
  h.finalize(ptr(whole), 32);
  const ir = readInitrd(m);
  if (ir.error !== null) {
    v.refused++;
    log.event("initrd", ptr(whole), ir.error!.code, "refused initrd: " + ir.error!.reason);
    return v;
  }
  log.event("initrd", ptr(whole), "ok", "initrd " + m.size.toString() + " bytes, " + ir.entries.length.toString() + " entries");
  if (!checkManifest(ir, keys, minVersion, log, v)) return v;
  for (let i = 0; i < ir.entries.length; i++) {
    const e = ir.entries[i];
    const b = checkBundle(m, ir, e, keys, log);
    if (b === null) v.refused++;
    else v.bundles.push(new TrustedBundle(b, m));
  }
  return v;
}

function refuse(code: string, why: string, log: TrustLog, mh: StaticArray<u8>, v: Verification): bool {
  v.refused++;
  log.event("manifest", ptr(mh), code, "refused initrd manifest: " + why);
  return false;
}

function checkManifest(ir: Initrd, keys: Array<StaticArray<u8>>, minVersion: u64, log: TrustLog, v: Verification): bool {
  const mh = bytes(32);
  blake3(ptr(ir.manifest), <usize>ir.manifest.length, ptr(mh));
  if (!trusted(ir.key, keys)) return refuse("unknown-key", "signed by an unknown key " + keyId(ir.key), log, mh, v);
  const mlen = <u32>ir.manifest.length;
  const msg = bytes(<i32>(CONTEXT_LEN + mlen));
  putAscii(ptr(msg), INITRD_CONTEXT);
  memory.copy(ptr(msg) + CONTEXT_LEN, ptr(ir.manifest), mlen);
  const rc = ed25519Verify(ptr(ir.key), ptr(msg), CONTEXT_LEN + mlen, ptr(ir.sig));
  if (rc != 0) return refuse("bad-signature", "bad signature by key " + keyId(ir.key) + " (" + ed25519ErrorText(rc) + ")", log, mh, v);
  if (ir.version < minVersion)
    return refuse(
      "rollback",
      "version " + ir.version.toString() + " is older than this kernel's minimum " + minVersion.toString(),
      log,
      mh,
      v,
    );
  const cids = new Array<StaticArray<u8>>();
  for (let i = 0; i < ir.entries.length; i++) cids.push(ir.entries[i].cid);
  const root = bytes(32);
  merkleRoot(cids, ptr(root));
  if (!equalBytes(ptr(root), ptr(ir.root), 32)) return refuse("corrupt", "its Merkle root does not match its entries", log, mh, v);
  log.event(
    "manifest",
    ptr(mh),
    "ok",
    "initrd manifest version " + ir.version.toString() + " signed by " + keyId(ir.key) + ", " + ir.entries.length.toString() + " bundles",
  );
  return true;
}

function findRecord(ir: Initrd, cid: StaticArray<u8>): Record | null {
  for (let i = 0; i < ir.records.length; i++) if (equalBytes(ptr(ir.records[i].cid), ptr(cid), 32)) return ir.records[i];
  return null;
}

function checkBundle(m: ModuleReader, ir: Initrd, e: Entry, keys: Array<StaticArray<u8>>, log: TrustLog): Bundle | null {
  const what = "refused bundle " + e.name + ": ";
  const rec = findRecord(ir, e.cid);
  if (rec === null) {
    log.event("bundle", ptr(e.cid), "missing", what + "the initrd has no record for content ID " + hexOf(ptr(e.cid), 32));
    return null;
  }
  const res = readBundle(m, rec.off, rec.len);
  if (res.error !== null) {
    log.event("bundle", ptr(e.cid), res.error!.code, what + res.error!.reason);
    return null;
  }
  const b = res.bundle!;
  if (!equalBytes(ptr(b.cid), ptr(e.cid), 32)) {
    log.event(
      "bundle",
      ptr(e.cid),
      "cid-mismatch",
      what + "content ID mismatch: the manifest says " + hexOf(ptr(e.cid), 8) + "..., the bytes hash to " + hexOf(ptr(b.cid), 8) + "...",
    );
    return null;
  }
  if (b.bodyLen != e.size) {
    log.event(
      "bundle",
      ptr(e.cid),
      "corrupt",
      what + "its body is " + b.bodyLen.toString() + " bytes, the manifest says " + e.size.toString(),
    );
    return null;
  }
  if (!b.signed) {
    log.event("bundle", ptr(e.cid), "unsigned", what + "it is unsigned");
    return null;
  }
  if (!trusted(b.key, keys)) {
    log.event("bundle", ptr(e.cid), "unknown-key", what + "signed by an unknown key " + keyId(b.key));
    return null;
  }
  const msg = bytes(<i32>CONTEXT_LEN + 32);
  putAscii(ptr(msg), BUNDLE_CONTEXT);
  memory.copy(ptr(msg) + CONTEXT_LEN, ptr(b.cid), 32);
  const rc = ed25519Verify(ptr(b.key), ptr(msg), CONTEXT_LEN + 32, ptr(b.sig));
  if (rc != 0) {
    log.event("bundle", ptr(e.cid), "bad-signature", what + "bad signature (" + ed25519ErrorText(rc) + ")");
    return null;
  }
  if (b.name != e.name) {
    log.event("bundle", ptr(e.cid), "corrupt", what + "the manifest calls it " + e.name + " but it calls itself " + b.name);
    return null;
  }
  log.event(
    "bundle",
    ptr(e.cid),
    "ok",
    "bundle " +
      b.name +
      " " +
      hexOf(ptr(b.cid), 8) +
      "... verified (" +
      (b.kind == 1 ? "cell" : "file") +
      ", " +
      archName(b.arch) +
      ", " +
      b.payloadLen.toString() +
      " bytes)",
  );
  return b;
}
