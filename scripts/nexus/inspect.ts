// `nexus inspect`: what a bundle, an initrd or a kernel ELF is, for people or
// as JSON.
import { FormatError, NexusError, blake3, toHex } from "./bytes.ts";
import { parseBundle, describeBundle } from "./bundle.ts";
import { parseInitrd, checkInitrd } from "./initrd.ts";
import { measure, isElf } from "./measure.ts";

const magic = (b: Uint8Array) => Buffer.from(b.subarray(0, 4)).toString("latin1");
// u64s that fit a JSON number stay numbers.
const num = (v: bigint) => (v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString());

export function describe(path: string, bytes: Uint8Array, trusted?: Uint8Array[]): Record<string, unknown> {
  try {
    if (magic(bytes) === "NXBD") return describeBundle(parseBundle(bytes, "bundle"), bytes.length, trusted);
    if (magic(bytes) === "NXIR") {
      const ir = parseInitrd(bytes);
      const rep = checkInitrd(ir, trusted);
      return {
        kind: "initrd",
        cid: toHex(blake3(bytes)),
        sizes: { file: bytes.length, manifest: ir.manifest.length },
        version: num(rep.version),
        merkleRoot: rep.root,
        merkleRootOk: rep.rootOk,
        signer: rep.signer,
        signature: rep.manifest,
        entries: rep.entries,
        strayRecords: rep.stray,
      };
    }
    if (isElf(bytes)) {
      const m = measure(bytes, "ELF");
      return {
        kind: "kernel",
        cid: toHex(blake3(bytes)),
        sizes: { file: bytes.length, text: m.text.size, rodata: m.rodata.size },
        machine: m.machine,
        measurement: toHex(m.hash),
      };
    }
  } catch (e) {
    if (e instanceof FormatError) throw new NexusError(`${path}: ${e.reason}: ${e.message}`);
    throw e;
  }
  throw new NexusError(`${path}: not a bundle (NXBD), an initrd (NXIR) or an ELF file`);
}

export function inspect(path: string, bytes: Uint8Array, json: boolean, trusted?: Uint8Array[]): string {
  const d = describe(path, bytes, trusted);
  if (json) return JSON.stringify(d, null, 2);
  const sizes = Object.entries(d.sizes as Record<string, number>)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const lines = [`${path}: ${d.kind}`, `  cid        ${d.cid}`, `  sizes      ${sizes}`];
  if (d.kind === "bundle") {
    const m = d.manifest as { name: string; kind: string; arch: string; caps: string[] };
    lines.push(`  name       ${m.name}`, `  kind       ${m.kind}`, `  arch       ${m.arch}`);
    for (const c of m.caps) lines.push(`  cap        ${c}`);
    lines.push(`  signature  ${d.signature}${d.signer ? ` (key ${d.signer})` : ""}`);
  } else if (d.kind === "initrd") {
    lines.push(`  version    ${d.version}`, `  merkle     ${d.merkleRoot} (${d.merkleRootOk ? "matches" : "DOES NOT MATCH"} the entries)`);
    lines.push(`  signature  ${d.signature} (key ${d.signer})`);
    for (const e of d.entries as { name: string; cid: string; size: number; status: string; signer: string | null; detail?: string }[]) {
      lines.push(
        `  entry      ${e.name.padEnd(20)} ${e.cid} ${String(e.size).padStart(9)} ${e.status}${e.signer ? ` (key ${e.signer})` : ""}${e.detail ? `: ${e.detail}` : ""}`,
      );
    }
    for (const s of d.strayRecords as string[]) lines.push(`  stray      ${s} (no entry names it: refused)`);
  } else {
    lines.push(`  machine    ${d.machine}`, `  measure    ${d.measurement}`);
  }
  return lines.join("\n");
}
