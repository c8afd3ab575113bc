// Host-test entry for the frame allocator: JS builds a memory map and holds,
// then drives one allocator through these exports.
import { MemRegion, MemKind } from "../../../boot/bootinfo";
import { FrameAllocator, Span, frameError } from "../../../kernel/mm/frames";

let map = new Array<MemRegion>();
let holds = new Array<Span>();
let a: FrameAllocator | null = null;

export function reset(): void {
  map = new Array<MemRegion>();
  holds = new Array<Span>();
  a = null;
}
export function region(base: u64, length: u64, kind: u32): void {
  map.push(new MemRegion(base, length, <MemKind>kind));
}
export function hold(start: u64, end: u64): void {
  holds.push(new Span(start, end));
}

// "ok total=N free=N unmanaged=N ranges=start+frames,..." or "error: ...".
export function build(): string {
  a = FrameAllocator.build(map, holds);
  const f = a;
  if (f === null) return "error: " + frameError;
  let ranges = "";
  for (let i = 0; i < f.rangeStart.length; i++)
    ranges += (i > 0 ? "," : "") + "0x" + f.rangeStart[i].toString(16) + "+" + f.rangeFrames[i].toString();
  return (
    "ok total=" +
    f.totalFrames.toString() +
    " free=" +
    f.freeFrames.toString() +
    " unmanaged=" +
    f.unmanagedBytes.toString() +
    " ranges=" +
    ranges
  );
}

export function alloc(): u64 {
  return a!.alloc();
}
export function free(addr: u64): string {
  return a!.free(addr) ? "ok" : frameError;
}
export function freeCount(): u64 {
  return a!.freeFrames;
}
export function reclaim(): u64 {
  return a!.reclaim();
}
