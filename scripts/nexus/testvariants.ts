// Bad initrds for the QEMU trust tests, each broken in exactly one way, all
// built from the same signed bundles (see scripts/mk-initrd-variants.ts).
import { NexusError } from "./bytes.ts";
import type { SecretKey } from "./keys.ts";
import { parseBundle, stripSignature } from "./bundle.ts";
import { type Entry, type StoreRecord, buildInitrd } from "./initrd.ts";

export interface VariantOptions {
  bundles: Uint8Array[]; // signed bundle files, in entry order
  key: SecretKey; // the trusted key
  otherKey: SecretKey; // a key the kernel does not trust
  version: bigint; // the good manifest version
  rollbackVersion: bigint; // lower than `version`
  victim?: string; // the bundle to break (default: the first, or the first with a payload for "flipped")
}

export const VARIANTS = ["good", "flipped", "unknown-key", "unsigned", "truncated", "rollback"] as const;

export function makeVariants(o: VariantOptions): Record<(typeof VARIANTS)[number], Uint8Array> {
  if (o.rollbackVersion >= o.version) throw new NexusError(`rollback version ${o.rollbackVersion} is not below ${o.version}`);
  const parsed = o.bundles.map((f, i) => ({ file: f, b: parseBundle(f, `bundle ${i}`) }));
  if (parsed.length === 0) throw new NexusError("no bundles to build variants from");
  for (const p of parsed) {
    if (!p.b.trailer) throw new NexusError(`bundle ${p.b.manifest.name} is unsigned; sign it first`);
  }
  const entries: Entry[] = parsed.map((p) => ({ cid: p.b.cid, bodyLength: p.b.body.length, name: p.b.manifest.name }));
  const records = (): StoreRecord[] => parsed.map((p) => ({ cid: p.b.cid, file: p.file }));
  const pick = (withPayload: boolean) => {
    const i =
      o.victim !== undefined
        ? parsed.findIndex((p) => p.b.manifest.name === o.victim)
        : parsed.findIndex((p) => !withPayload || p.b.payload.length > 0);
    if (i < 0) throw new NexusError(o.victim !== undefined ? `no bundle named ${o.victim}` : "no bundle with a payload to flip");
    if (withPayload && parsed[i].b.payload.length === 0) throw new NexusError(`bundle ${o.victim} has an empty payload`);
    return i;
  };

  const good = buildInitrd(o.version, entries, records(), o.key);

  const flippedRecords = records();
  const fi = pick(true);
  const flippedFile = parsed[fi].file.slice();
  const p = parsed[fi].b;
  flippedFile[p.payloadOffset + (p.payload.length >> 1)] ^= 0x01;
  flippedRecords[fi] = { cid: p.cid, file: flippedFile };

  const unsignedRecords = records();
  const ui = pick(false);
  unsignedRecords[ui] = { cid: parsed[ui].b.cid, file: stripSignature(parsed[ui].file) };

  return {
    good,
    flipped: buildInitrd(o.version, entries, flippedRecords, o.key),
    "unknown-key": buildInitrd(o.version, entries, records(), o.otherKey),
    unsigned: buildInitrd(o.version, entries, unsignedRecords, o.key),
    // Cut inside the last store record: the header's total length is intact.
    truncated: good.slice(0, good.length - Math.max(1, Math.min(4096, good.length >> 2))),
    rollback: buildInitrd(o.rollbackVersion, entries, records(), o.key),
  };
}
