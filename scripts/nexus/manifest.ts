// The cell manifest inside a bundle (docs/formats.md, "Cell manifest"), in its
// binary form and in the JSON form `nexus pack --manifest` reads.
import { FormatError, NexusError, Reader, Writer, isName, NAME_RULE } from "./bytes.ts";

export const MANIFEST_MAX = 4096;
const FIELDS_MAX = 32;
const VALUE_MAX = 1024;

export const KINDS = ["cell", "file"] as const; // codes 1, 2
export const ARCHES = ["any", "x86_64", "riscv64"] as const; // codes 0, 1, 2
export type Kind = (typeof KINDS)[number];
export type Arch = (typeof ARCHES)[number];

export interface CellManifest {
  name: string;
  kind: Kind;
  arch: Arch;
  caps: string[]; // empty: no caps field
}

const TAG = { name: 1, kind: 2, arch: 3, caps: 4 } as const;

// Checks the fields a user supplies; throws NexusError naming the bad one.
export function checkManifest(m: CellManifest): void {
  if (!isName(m.name)) throw new NexusError(`name ${JSON.stringify(m.name)} is not ${NAME_RULE}`);
  if (!KINDS.includes(m.kind)) throw new NexusError(`kind ${JSON.stringify(m.kind)} is not one of ${KINDS.join(", ")}`);
  if (!ARCHES.includes(m.arch)) throw new NexusError(`arch ${JSON.stringify(m.arch)} is not one of ${ARCHES.join(", ")}`);
  for (const c of m.caps) {
    if (typeof c !== "string" || c.length === 0 || /[\n\r\0]/.test(c)) {
      throw new NexusError(`caps entry ${JSON.stringify(c)} must be a non-empty string with no line break or NUL`);
    }
  }
  if (Buffer.byteLength(m.caps.join("\n")) > VALUE_MAX) throw new NexusError(`caps are over ${VALUE_MAX} bytes`);
}

export function encodeManifest(m: CellManifest): Uint8Array {
  checkManifest(m);
  const fields: [number, Uint8Array][] = [
    [TAG.name, new Uint8Array(Buffer.from(m.name))],
    [TAG.kind, Uint8Array.of(KINDS.indexOf(m.kind) + 1)],
    [TAG.arch, Uint8Array.of(ARCHES.indexOf(m.arch))],
  ];
  if (m.caps.length) fields.push([TAG.caps, new Uint8Array(Buffer.from(m.caps.join("\n")))]);
  const w = new Writer().ascii("NXMF").u16(1).u16(fields.length);
  for (const [tag, value] of fields) w.u8(tag).u8(0).u16(value.length).bytes(value);
  return w.finish();
}

export function decodeManifest(buf: Uint8Array): CellManifest {
  const what = "cell manifest";
  const bad = (msg: string) => new FormatError("corrupt", `${what}: ${msg}`);
  if (buf.length > MANIFEST_MAX) throw bad(`${buf.length} bytes, over ${MANIFEST_MAX}`);
  const r = new Reader(buf, what);
  r.magic("NXMF");
  r.version();
  const n = r.u16("field count");
  if (n < 1 || n > FIELDS_MAX) throw bad(`field count ${n} is not 1 to ${FIELDS_MAX}`);
  const seen = new Map<number, Uint8Array>();
  for (let i = 0; i < n; i++) {
    const tag = r.u8(`field ${i} tag`);
    r.reserved(1, `field ${i} reserved byte`);
    const len = r.u16(`field ${i} length`);
    if (len > VALUE_MAX) throw bad(`field ${i} length ${len} is over ${VALUE_MAX}`);
    const value = r.bytes(len, `field ${i} value`);
    if (tag < 1 || tag > 4) throw bad(`unknown tag ${tag} in field ${i}`);
    if (seen.has(tag)) throw bad(`tag ${tag} appears twice`);
    seen.set(tag, value);
  }
  if (r.remaining !== 0) throw bad(`${r.remaining} bytes after the last field`);
  const need = (tag: number, name: string) => {
    const v = seen.get(tag);
    if (!v) throw bad(`required field ${name} (tag ${tag}) is missing`);
    return v;
  };
  const nameBytes = need(TAG.name, "name");
  const name = Buffer.from(nameBytes).toString("latin1");
  if (!isName(name)) throw bad(`name ${JSON.stringify(name)} is not ${NAME_RULE}`);
  const kindV = need(TAG.kind, "kind");
  if (kindV.length !== 1 || kindV[0] < 1 || kindV[0] > 2) throw bad(`kind field is not one byte 1 or 2`);
  const archV = need(TAG.arch, "arch");
  if (archV.length !== 1 || archV[0] > 2) throw bad(`arch field is not one byte 0, 1 or 2`);
  let caps: string[] = [];
  const capsV = seen.get(TAG.caps);
  if (capsV) {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(capsV);
    } catch {
      throw bad("caps field is not UTF-8");
    }
    caps = text.split("\n").filter((l) => l.length > 0);
  }
  return { name, kind: KINDS[kindV[0] - 1], arch: ARCHES[archV[0]], caps };
}

// The JSON form: {"name", "kind", "arch", "caps"?}; unknown keys are refused.
export function manifestFromJson(text: string, source: string): CellManifest {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch (e) {
    throw new NexusError(`${source}: not JSON (${(e as Error).message})`);
  }
  if (typeof j !== "object" || j === null || Array.isArray(j)) throw new NexusError(`${source}: not a JSON object`);
  const o = j as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!["name", "kind", "arch", "caps"].includes(k)) throw new NexusError(`${source}: unknown key ${JSON.stringify(k)}`);
  }
  for (const k of ["name", "kind", "arch"]) {
    if (typeof o[k] !== "string") throw new NexusError(`${source}: "${k}" must be a string`);
  }
  const caps = o.caps ?? [];
  if (!Array.isArray(caps) || caps.some((c) => typeof c !== "string")) {
    throw new NexusError(`${source}: "caps" must be an array of strings`);
  }
  const m = { name: o.name as string, kind: o.kind as Kind, arch: o.arch as Arch, caps: caps as string[] };
  try {
    checkManifest(m);
  } catch (e) {
    throw new NexusError(`${source}: ${(e as Error).message}`);
  }
  return m;
}
