// Ledger lines (docs/formats.md, "Ledger line"): making them (for tests) and
// verifying the chains in a serial log.
import { NexusError, Writer, blake3, toHex, fromHex, equalBytes } from "./bytes.ts";

export interface LedgerEntry {
  seq: bigint;
  time: bigint;
  event: string;
  subject: Uint8Array; // 32 bytes
  result: string;
}

const WORD = /^[a-z0-9._-]{1,32}$/;
const U64_MAX = (1n << 64n) - 1n;
export const ZERO_HASH: Uint8Array = new Uint8Array(32);

export function encodeEntry(e: LedgerEntry): Uint8Array {
  return new Writer()
    .ascii("NXLE")
    .u16(1)
    .u16(0)
    .u64(e.seq)
    .u64(e.time)
    .u8(e.event.length)
    .ascii(e.event)
    .bytes(e.subject)
    .u8(e.result.length)
    .ascii(e.result)
    .finish();
}

export function chainHash(prev: Uint8Array, e: LedgerEntry): Uint8Array {
  return blake3(prev, encodeEntry(e));
}

// One chain as console lines, seq from 0; returns the lines and the head.
export function ledgerLines(entries: Omit<LedgerEntry, "seq">[]): { lines: string[]; head: string } {
  let prev = ZERO_HASH;
  const lines = entries.map((x, i) => {
    const e = { ...x, seq: BigInt(i) };
    if (!WORD.test(e.event) || !WORD.test(e.result) || e.subject.length !== 32) throw new Error(`bad ledger entry ${i}`);
    prev = chainHash(prev, e);
    return `LEDGER ${e.seq} ${e.time} ${e.event} ${toHex(e.subject)} ${e.result} ${toHex(prev)}`;
  });
  return { lines, head: toHex(prev) };
}

export function headLine(count: number, head: string): string {
  return `ledger: ${count} entries, head ${head}`;
}

function u64(text: string): bigint | null {
  if (!/^(0|[1-9][0-9]{0,19})$/.test(text)) return null; // decimal, no leading zeros
  const v = BigInt(text);
  return v <= U64_MAX ? v : null;
}

const HEX64 = /^[0-9a-f]{64}$/;

function parseLine(fields: string[]): LedgerEntry & { hash: Uint8Array } {
  if (fields.length !== 7) throw `malformed LEDGER line: ${fields.length - 1} fields, expected 6`;
  const [, seqT, timeT, event, subjectT, result, hashT] = fields;
  const seq = u64(seqT);
  if (seq === null) throw `malformed LEDGER line: seq ${JSON.stringify(seqT)} is not a decimal u64`;
  const time = u64(timeT);
  if (time === null) throw `malformed LEDGER line: time ${JSON.stringify(timeT)} is not a decimal u64`;
  if (!WORD.test(event)) throw `malformed LEDGER line: event ${JSON.stringify(event)} is not 1 to 32 of a-z 0-9 . _ -`;
  if (!HEX64.test(subjectT)) throw `malformed LEDGER line: subject is not 64 lowercase hex digits`;
  if (!WORD.test(result)) throw `malformed LEDGER line: result ${JSON.stringify(result)} is not 1 to 32 of a-z 0-9 . _ -`;
  if (!HEX64.test(hashT)) throw `malformed LEDGER line: hash is not 64 lowercase hex digits`;
  return { seq, time, event, subject: fromHex(subjectT, 32, "subject"), result, hash: fromHex(hashT, 32, "hash") };
}

export interface ChainSummary {
  line: number; // where its seq 0 is
  entries: number;
  head: string;
}

// Verifies every chain in a log. A `LEDGER` line with seq 0 starts a new chain
// (a new boot); each `ledger: N entries, head H` line must match the current
// chain at that point. Throws NexusError "line N: what" on the first problem.
export function verifyLedger(log: string): ChainSummary[] {
  const chains: ChainSummary[] = [];
  let cur: ChainSummary | null = null;
  let prev = ZERO_HASH;
  const lines = log.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].replace(/\r+$/, "");
    const no = i + 1;
    const fail = (msg: string): never => {
      throw new NexusError(`line ${no}: ${msg}`);
    };
    if (text.startsWith("LEDGER ")) {
      let e;
      try {
        e = parseLine(text.split(" "));
      } catch (msg) {
        return fail(msg as string);
      }
      if (e.seq === 0n) {
        cur = { line: no, entries: 0, head: toHex(ZERO_HASH) };
        chains.push(cur);
        prev = ZERO_HASH;
      } else if (!cur) {
        return fail(`seq ${e.seq} where a chain must start at seq 0`);
      } else if (e.seq !== BigInt(cur.entries)) {
        return fail(`seq ${e.seq} ${e.seq < BigInt(cur.entries) ? "repeats or goes back" : "skips"}: expected ${cur.entries}`);
      }
      const h = chainHash(prev, e);
      if (!equalBytes(h, e.hash)) fail(`hash does not follow the chain (seq ${e.seq}: expected ${toHex(h)})`);
      prev = h;
      cur!.entries++;
      cur!.head = toHex(h);
    } else if (/^ledger: \S+ entries, head /.test(text)) {
      const m = /^ledger: (0|[1-9][0-9]*) entries, head ([0-9a-f]{64})$/.exec(text);
      if (!m) return fail(`malformed head line`);
      const n = Number(m[1]);
      const have = cur ? cur.entries : 0;
      const head = cur ? cur.head : toHex(ZERO_HASH);
      if (n !== have || m[2] !== head) {
        fail(`head line says ${n} entries, head ${m[2]}; the chain has ${have} entries, head ${head}`);
      }
    }
  }
  if (chains.length === 0) throw new NexusError("no LEDGER lines in the log");
  return chains;
}
