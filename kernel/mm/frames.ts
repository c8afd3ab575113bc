// Physical frames: the 4 KiB frames of RAM the kernel may hand out, from the
// boot memory map. Memory the map calls usable, minus everything else the map
// names (a firmware region overlapping a usable one wins), minus the holds the
// kernel gives (its own image, modules, the device tree, boot data), minus page
// 0. Bootloader-reclaimable memory is managed but held until reclaim() says
// the boot records have been copied out of it. One bit per frame, 1 = free.
import { MemRegion, MemKind } from "../../boot/bootinfo";

export const FRAME: u64 = 4096;
const MAX_RANGES = 1024;
// A bitmap of 2 MiB covers 64 GiB of RAM; frames beyond are left unmanaged
// (and reported) rather than letting a hostile map size the bitmap.
const MAX_FRAMES: u64 = 16 << 20;

export class Span {
  constructor(
    public start: u64,
    public end: u64,
  ) {} // [start, end)
}

// Sort by start and merge overlapping or touching spans.
function normalise(spans: Array<Span>): Array<Span> {
  spans.sort((a: Span, b: Span): i32 => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out = new Array<Span>();
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    if (s.end <= s.start) continue;
    if (out.length > 0 && s.start <= out[out.length - 1].end) {
      const last = out[out.length - 1];
      if (s.end > last.end) last.end = s.end;
    } else {
      out.push(new Span(s.start, s.end));
    }
  }
  return out;
}

// `a` minus `b`, both normalised.
function subtract(a: Array<Span>, b: Array<Span>): Array<Span> {
  const out = new Array<Span>();
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    let start = a[i].start;
    const end = a[i].end;
    while (j < b.length && b[j].end <= start) j++;
    let k = j;
    while (k < b.length && b[k].start < end) {
      if (b[k].start > start) out.push(new Span(start, b[k].start));
      if (b[k].end > start) start = b[k].end;
      k++;
    }
    if (start < end) out.push(new Span(start, end));
  }
  return out;
}

// A region as a span, saturating instead of wrapping past 2^64.
function spanOf(base: u64, length: u64): Span {
  const end = base + length < base ? 0xffff_ffff_ffff_f000 : base + length;
  return new Span(base, end);
}

export let frameError: string = "";

export class FrameAllocator {
  // Managed ranges: page-aligned, sorted, disjoint; frame i of range r is bit
  // rangeFirstBit[r] + i.
  rangeStart: Array<u64> = new Array<u64>();
  rangeFrames: Array<u64> = new Array<u64>();
  rangeFirstBit: Array<u64> = new Array<u64>();
  private bits: StaticArray<u32> = new StaticArray<u32>(0);
  private pending: Array<Span> = new Array<Span>(); // reclaimable, not yet reclaimed
  totalFrames: u64 = 0;
  freeFrames: u64 = 0;
  unmanagedBytes: u64 = 0; // usable RAM beyond MAX_FRAMES
  private hint: i32 = 0;

  static build(memory: Array<MemRegion>, holds: Array<Span>): FrameAllocator | null {
    const usable = new Array<Span>();
    const reclaimable = new Array<Span>();
    const excluded = new Array<Span>();
    for (let i = 0; i < memory.length; i++) {
      const r = memory[i];
      if (r.length == 0) continue;
      const s = spanOf(r.base, r.length);
      if (r.kind == MemKind.Usable) usable.push(s);
      else if (r.kind == MemKind.BootloaderReclaimable) reclaimable.push(s);
      else excluded.push(s);
    }
    for (let i = 0; i < holds.length; i++) excluded.push(holds[i]);
    excluded.push(new Span(0, FRAME)); // a null pointer is never a frame
    const ex = normalise(excluded);
    // Reclaimable memory inside a usable region (the DTB on riscv64) is held too.
    const held = subtract(normalise(reclaimable), ex);
    const free = subtract(subtract(normalise(usable), ex), held);
    const a = new FrameAllocator();
    // Ranges: free and held spans together, page-aligned inward.
    const all = new Array<Span>();
    for (let i = 0; i < free.length; i++) all.push(free[i]);
    for (let i = 0; i < held.length; i++) all.push(held[i]);
    const ranges = normalise(all);
    if (ranges.length > MAX_RANGES) {
      frameError = "frames: " + ranges.length.toString() + " memory ranges (max " + MAX_RANGES.toString() + ")";
      return null;
    }
    let bit: u64 = 0;
    for (let i = 0; i < ranges.length; i++) {
      const start = (ranges[i].start + FRAME - 1) & ~(FRAME - 1);
      const end = ranges[i].end & ~(FRAME - 1);
      if (end <= start) continue;
      let frames = (end - start) / FRAME;
      if (bit + frames > MAX_FRAMES) {
        a.unmanagedBytes += (bit + frames - MAX_FRAMES) * FRAME;
        frames = MAX_FRAMES - bit;
        if (frames == 0) continue;
      }
      a.rangeStart.push(start);
      a.rangeFrames.push(frames);
      a.rangeFirstBit.push(bit);
      bit += frames;
    }
    if (bit == 0) {
      frameError = "frames: the memory map has no usable RAM";
      return null;
    }
    a.totalFrames = bit;
    a.bits = new StaticArray<u32>(<i32>((bit + 31) / 32));
    for (let i = 0; i < free.length; i++) a.setRange(free[i], true);
    a.pending = held;
    return a;
  }

  // Mark every whole managed frame inside `s` free or used. Walks the managed
  // ranges, not the span, so a span far larger than the bitmap costs nothing.
  private setRange(s: Span, free: bool): void {
    for (let r = 0; r < this.rangeStart.length; r++) {
      const rs = this.rangeStart[r];
      const re = rs + this.rangeFrames[r] * FRAME;
      const start = max<u64>(rs, (s.start + FRAME - 1) & ~(FRAME - 1));
      const end = min<u64>(re, s.end & ~(FRAME - 1));
      for (let addr = start; addr < end; addr += FRAME) {
        const b = <i64>(this.rangeFirstBit[r] + (addr - rs) / FRAME);
        const was = this.isFree(b);
        if (free && !was) this.freeFrames++;
        if (!free && was) this.freeFrames--;
        this.setBit(b, free);
      }
    }
  }

  // Bit index of the frame at `addr`, or -1 if it is not managed.
  bitOf(addr: u64): i64 {
    let lo = 0,
      hi = this.rangeStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.rangeStart[mid] <= addr) lo = mid + 1;
      else hi = mid;
    }
    if (lo == 0) return -1;
    const r = lo - 1;
    const off = (addr - this.rangeStart[r]) / FRAME;
    return off < this.rangeFrames[r] ? <i64>(this.rangeFirstBit[r] + off) : -1;
  }

  private addrOf(bit: u64): u64 {
    let lo = 0,
      hi = this.rangeFirstBit.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.rangeFirstBit[mid] <= bit) lo = mid + 1;
      else hi = mid;
    }
    const r = lo - 1;
    return this.rangeStart[r] + (bit - this.rangeFirstBit[r]) * FRAME;
  }

  private isFree(bit: i64): bool {
    return (this.bits[<i32>(bit >> 5)] & (1 << <u32>(bit & 31))) != 0;
  }

  private setBit(bit: i64, free: bool): void {
    const w = <i32>(bit >> 5);
    const m: u32 = 1 << <u32>(bit & 31);
    this.bits[w] = free ? this.bits[w] | m : this.bits[w] & ~m;
  }

  // A free frame's physical address, now used; 0 when none is left.
  alloc(): u64 {
    const words = this.bits.length;
    for (let n = 0; n < words; n++) {
      const w = (this.hint + n) % words;
      const v = this.bits[w];
      if (v == 0) continue;
      const bit = ((<i64>w) << 5) + <i64>ctz<u32>(v);
      this.setBit(bit, false);
      this.freeFrames--;
      this.hint = w;
      return this.addrOf(<u64>bit);
    }
    return 0;
  }

  // Give a frame back. Refuses (false, frameError set) what it never handed out.
  free(addr: u64): bool {
    if ((addr & (FRAME - 1)) != 0) {
      frameError = "frames: free of unaligned address 0x" + addr.toString(16);
      return false;
    }
    const b = this.bitOf(addr);
    if (b < 0) {
      frameError = "frames: free of 0x" + addr.toString(16) + ", which is not managed RAM";
      return false;
    }
    for (let i = 0; i < this.pending.length; i++) {
      if (addr >= this.pending[i].start && addr < this.pending[i].end) {
        frameError = "frames: free of 0x" + addr.toString(16) + ", still held by the bootloader";
        return false;
      }
    }
    if (this.isFree(b)) {
      frameError = "frames: double free of 0x" + addr.toString(16);
      return false;
    }
    this.setBit(b, true);
    this.freeFrames++;
    return true;
  }

  // The boot records have been copied: bootloader-reclaimable memory is now free.
  reclaim(): u64 {
    const before = this.freeFrames;
    for (let i = 0; i < this.pending.length; i++) this.setRange(this.pending[i], true);
    this.pending = new Array<Span>();
    return this.freeFrames - before;
  }
}
