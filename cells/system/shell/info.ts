// The shell's commands that only look: ps, mem, ledger (the kernel's text
// through kinfo) and caps (this shell's own capability table).
import * as sys from "../../lib/sys";
import { println } from "../../lib/console";
import { CONSOLE, KINFO } from "./jobs";

const TEXT: u32 = 64 * 1024; // the ledger grows with every cell started
const text = memory.data(TEXT);

export function kinfo(what: u32): void {
  const n = sys.kinfo(KINFO, what, text, TEXT);
  if (n < 0) { println("shell: kinfo: " + sys.errorName(n)); return; }
  let done: i64 = 0;
  while (done < n) {
    const w = sys.consoleWrite(CONSOLE, text + <usize>done, <usize>(n - done));
    if (w <= 0) return;
    done += w;
  }
  if (<u32>n == TEXT) println("(truncated)");
}

const KINDS = ["", "endpoint", "notification", "memory", "irq", "mmio", "cell", "console", "kinfo", "initrd"];

// What each rights bit means for a kind (docs/syscalls.md).
function rightName(kind: u32, bit: u32): string {
  if (bit == 3) return "grant";
  if (kind == sys.K_ENDPOINT) return bit == 0 ? "recv" : bit == 1 ? "send" : "?";
  if (kind == sys.K_NOTIFICATION) return bit == 0 ? "wait" : bit == 1 ? "signal" : "?";
  if (kind == sys.K_IRQ) return bit == 0 ? "wait" : bit == 1 ? "ack" : "?";
  if (kind == sys.K_CELL) return bit == 1 ? "control" : bit == 4 ? "spawn" : "?";
  return bit == 0 ? "read" : bit == 1 ? "write" : bit == 2 ? "exec" : "?";
}

function pad(s: string, n: i32): string {
  while (s.length < n) s += " ";
  return s;
}

export function caps(): void {
  println("slot  kind          rights");
  for (let slot: u32 = 0; slot < 64; slot++) {
    const r = sys.capInfo(slot);
    if (r <= 0) continue;
    const kind = <u32>r & 0xff, rights = <u32>(r >> 8);
    const names = new Array<string>();
    for (let b: u32 = 0; b < 8; b++) if ((rights >> b & 1) != 0) names.push(rightName(kind, b));
    const kname = kind < <u32>KINDS.length ? KINDS[kind] : "kind " + kind.toString();
    println(pad(slot.toString(), 6) + pad(kname, 14) + (names.length > 0 ? names.join(",") : "-"));
  }
}
