// Bundles (docs/formats.md, "Bundle"): header, cell manifest, payload, and an
// optional signature trailer. The content ID is BLAKE3 of the body only.
import { FormatError, NexusError, Reader, Writer, blake3, toHex, MiB } from "./bytes.ts";
import { type CellManifest, MANIFEST_MAX, encodeManifest, decodeManifest } from "./manifest.ts";
import { type SecretKey, type Trailer, BUNDLE_SIG_CONTEXT, makeTrailer, parseTrailer, judgeSignature, keyId } from "./keys.ts";

export const PAYLOAD_MAX = 64 * MiB;
const HEADER = 32;
export const BODY_MAX = HEADER + MANIFEST_MAX + PAYLOAD_MAX;

export interface Bundle {
  cid: Uint8Array;
  body: Uint8Array; // header + manifest + payload
  manifest: CellManifest;
  payload: Uint8Array;
  payloadOffset: number; // in the file
  trailer: Trailer | null;
}

const EM = { x86_64: 62, riscv64: 243 } as const;

// Builds an unsigned bundle. A cell's payload must be an ELF file, and for a
// named architecture an ELF for that machine.
export function pack(payload: Uint8Array, m: CellManifest): Uint8Array {
  const mf = encodeManifest(m);
  if (payload.length > PAYLOAD_MAX) throw new NexusError(`payload is ${payload.length} bytes, over the ${PAYLOAD_MAX}-byte limit`);
  if (m.kind === "cell") {
    const isElf = payload.length >= 20 && payload[0] === 0x7f && payload[1] === 0x45 && payload[2] === 0x4c && payload[3] === 0x46;
    if (!isElf) throw new NexusError("a cell's payload must be an ELF executable (no ELF magic); use --kind file for other bytes");
    if (m.arch !== "any") {
      const machine = payload[18] | (payload[19] << 8);
      if (machine !== EM[m.arch]) throw new NexusError(`payload is an ELF for machine ${machine}, not ${m.arch} (${EM[m.arch]})`);
    }
  }
  return new Writer().ascii("NXBD").u16(1).u16(0).u32(mf.length).u32(0).u64(payload.length).u64(0).bytes(mf).bytes(payload).finish();
}

export function parseBundle(file: Uint8Array, what = "bundle"): Bundle {
  const r = new Reader(file, what);
  r.magic("NXBD");
  r.version();
  r.reserved(2);
  const m = r.u32("manifest length");
  if (m < 1 || m > MANIFEST_MAX) throw new FormatError("corrupt", `${what}: manifest length ${m} is not 1 to ${MANIFEST_MAX}`);
  r.reserved(4);
  const p = r.length64("payload length", PAYLOAD_MAX);
  r.reserved(8);
  const bodyLen = HEADER + m + p;
  if (file.length < bodyLen) {
    throw new FormatError("corrupt", `${what}: truncated: header says ${bodyLen} bytes of body, file has ${file.length}`);
  }
  const manifest = decodeManifest(r.bytes(m, "manifest"));
  const payload = r.bytes(p, "payload");
  const rest = file.subarray(bodyLen);
  const trailer = rest.length === 0 ? null : parseTrailer(rest, what);
  const body = file.subarray(0, bodyLen);
  return { cid: blake3(body), body, manifest, payload, payloadOffset: HEADER + m, trailer };
}

// Adds or replaces the trailer; the content ID does not change.
export function signBundle(file: Uint8Array, key: SecretKey): Uint8Array {
  const b = parseBundle(file);
  return new Uint8Array(Buffer.concat([b.body, makeTrailer(key, BUNDLE_SIG_CONTEXT, b.cid)]));
}

export function stripSignature(file: Uint8Array): Uint8Array {
  return parseBundle(file).body.slice();
}

// ok, unsigned, unknown-key or bad-signature; `trusted` undefined accepts any
// key whose signature verifies.
export function bundleSignature(b: Bundle, trusted?: Uint8Array[]): string {
  return judgeSignature(b.trailer, BUNDLE_SIG_CONTEXT, b.cid, trusted);
}

export function describeBundle(b: Bundle, fileLength: number, trusted?: Uint8Array[]) {
  return {
    kind: "bundle",
    cid: toHex(b.cid),
    name: b.manifest.name,
    manifest: { name: b.manifest.name, kind: b.manifest.kind, arch: b.manifest.arch, caps: b.manifest.caps },
    sizes: { file: fileLength, body: b.body.length, manifest: b.payloadOffset - HEADER, payload: b.payload.length },
    signer: b.trailer ? keyId(b.trailer.pub) : null,
    signature: bundleSignature(b, trusted),
  };
}
