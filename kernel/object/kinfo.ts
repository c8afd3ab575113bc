// A kinfo capability: read-only kernel statistics (docs/syscalls.md): the
// cells, memory, the ledger and counters, as text for the shell's ps, mem
// and ledger and the benchmarks.
import { KernelObject } from "../cap/object";
import { KIND_KINFO } from "../../abi/caps";
import { KINFO_CELLS, KINFO_MEMORY, KINFO_COUNTERS } from "../../abi/syscalls";
import { cells } from "./cell";
import { cellFrames } from "../cell/lifecycle";
import { ledger } from "../trust/ledger";
import { heapFrames, trimHeap } from "../heap/window";
import { gcCollect } from "../heap/gc";
import { FRAME } from "../mm/frames";
import { size } from "../console";
import { syscallCount, callsDirect, callsQueued } from "../syscall/results";

export class KinfoObject extends KernelObject {
  get kind(): u32 {
    return KIND_KINFO;
  }
  describe(): string {
    return "kernel statistics";
  }
}

function pad(s: string, n: i32): string {
  while (s.length < n) s += " ";
  return s;
}

export function kinfoText(what: u32): string {
  if (what == KINFO_CELLS) {
    let s = "  id  name            state     cpu ms  pages  restarts\n";
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      const pages = c.space !== null ? c.space!.ownedPages : 0;
      s +=
        pad(pad("", 4 - c.id.toString().length) + c.id.toString(), 6) +
        pad(c.name, 16) +
        pad(c.stateName(), 10) +
        pad((c.cpuNs / 1_000_000).toString(), 8) +
        pad(pages.toString(), 7) +
        c.restarts.toString() +
        "\n";
    }
    return s;
  }
  if (what == KINFO_MEMORY) {
    // Collect first, so the figures are what is really held.
    gcCollect();
    trimHeap();
    const f = cellFrames();
    return (
      "frames: " +
      f.freeFrames.toString() +
      " free of " +
      f.totalFrames.toString() +
      " (" +
      size(f.freeFrames * FRAME) +
      " free)\n" +
      "kernel heap: " +
      heapFrames.toString() +
      " frames past the image\n"
    );
  }
  if (what == KINFO_COUNTERS) {
    // `name value` per line, for programs (the cell benchmarks).
    return (
      "syscalls " +
      syscallCount.toString() +
      "\nipc-calls-direct " +
      callsDirect.toString() +
      "\nipc-calls-queued " +
      callsQueued.toString() +
      "\n"
    );
  }
  // Indented: the console log's own LEDGER lines are the record; a copy
  // at the start of a line would read as a second chain.
  let s = "";
  for (let i = 0; i < ledger.entries.length; i++) s += "  " + ledger.entries[i].line() + "\n";
  return s + "  " + ledger.summary() + "\n";
}
