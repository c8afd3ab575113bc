// The ledger: the kernel's append-only, hash-chained record of what it did
// with what (docs/formats.md "Ledger line"). Each entry's hash is
// BLAKE3(previous hash || entry encoding), so `nexus ledger verify` can
// recompute the chain from the serial log and catch any edited, dropped,
// reordered or inserted line.
import { bytes, ptr, hexOf, putAscii } from "./bytes";
import { blake3 } from "../crypto/blake3";

const MAX_TOKEN = 32;

export class LedgerEntry {
  seq: u64 = 0;
  time: u64 = 0;
  event: string = "";
  subject: StaticArray<u8> = bytes(32);
  result: string = "";
  hash: StaticArray<u8> = bytes(32);

  // The console line: LEDGER <seq> <time> <event> <subject> <result> <hash>.
  line(): string {
    return (
      "LEDGER " +
      this.seq.toString() +
      " " +
      this.time.toString() +
      " " +
      this.event +
      " " +
      hexOf(ptr(this.subject), 32) +
      " " +
      this.result +
      " " +
      hexOf(ptr(this.hash), 32)
    );
  }
}

// Tokens are 1 to 32 bytes of a-z 0-9 . _ -; anything else is a kernel bug,
// so it is made visible in the ledger rather than hidden.
function token(s: string): string {
  if (s.length < 1 || s.length > MAX_TOKEN) return "bad-token";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 46 || c == 95 || c == 45)) return "bad-token";
  }
  return s;
}

export class Ledger {
  entries: Array<LedgerEntry> = new Array<LedgerEntry>();
  head: StaticArray<u8> = bytes(32); // 32 zero bytes before the first entry

  // Append one entry; `subject` points at 32 bytes, or is 0 for none.
  append(time: u64, event: string, subject: usize, result: string): LedgerEntry {
    const e = new LedgerEntry();
    e.seq = <u64>this.entries.length;
    e.time = time;
    e.event = token(event);
    if (subject != 0) memory.copy(ptr(e.subject), subject, 32);
    e.result = token(result);
    const buf = bytes(32 + 4 + 2 + 2 + 8 + 8 + 1 + MAX_TOKEN + 32 + 1 + MAX_TOKEN);
    const p = ptr(buf);
    memory.copy(p, ptr(this.head), 32);
    let n: usize = 32;
    putAscii(p + n, "NXLE");
    n += 4;
    store<u16>(p + n, 1);
    n += 2;
    store<u16>(p + n, 0);
    n += 2;
    store<u64>(p + n, e.seq);
    n += 8;
    store<u64>(p + n, e.time);
    n += 8;
    store<u8>(p + n, <u8>e.event.length);
    n += 1;
    putAscii(p + n, e.event);
    n += e.event.length;
    memory.copy(p + n, ptr(e.subject), 32);
    n += 32;
    store<u8>(p + n, <u8>e.result.length);
    n += 1;
    putAscii(p + n, e.result);
    n += e.result.length;
    blake3(p, n, ptr(e.hash));
    memory.copy(ptr(this.head), ptr(e.hash), 32);
    this.entries.push(e);
    return e;
  }

  // After the boot entries: `ledger: N entries, head H`, the anchor that lets
  // a verifier notice lines dropped from the end.
  summary(): string {
    return "ledger: " + this.entries.length.toString() + " entries, head " + hexOf(ptr(this.head), 32);
  }
}

export const ledger = new Ledger();
