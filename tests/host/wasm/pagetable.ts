// Host-test entry for page tables: both entry formats over fake RAM.
import { MemRegion, MemKind } from "../../../boot/bootinfo";
import { FrameAllocator, Span } from "../../../kernel/mm/frames";
import { PageTable, PteFormat, pageTableError } from "../../../kernel/mm/pagetable";
import { X86Pte } from "../../../hal/x86_64/paging";
import { RiscvPte } from "../../../hal/riscv64/paging";

let pt: PageTable | null = null;
let frames: FrameAllocator | null = null;

// Fake RAM at [base, base + size); hhdm 0. arch: 0 x86_64, 39 / 48 Sv39 / Sv48.
export function setup(arch: i32, base: u64, size: u64): bool {
  const map = new Array<MemRegion>();
  map.push(new MemRegion(base, size, MemKind.Usable));
  frames = FrameAllocator.build(map, new Array<Span>());
  const fmt: PteFormat = arch == 0 ? new X86Pte() : new RiscvPte(arch);
  pt = PageTable.create(fmt, 0, frames!);
  return pt !== null;
}

export function map(va: u64, pa: u64, prot: u32, level: i32): string {
  return pt!.map(va, pa, prot, level) ? "ok" : pageTableError;
}
export function mapRange(va: u64, pa: u64, size: u64, prot: u32, maxLevel: i32): string {
  return pt!.mapRange(va, pa, size, prot, maxLevel) ? "ok" : pageTableError;
}
export function unmap(va: u64): u64 {
  return pt!.unmap(va);
}
export function protect(va: u64, prot: u32): string {
  return pt!.protect(va, prot) ? "ok" : pageTableError;
}
export function translate(va: u64): u64 {
  return pt!.translate(va);
}
export function protection(va: u64): u32 {
  return pt!.protection(va);
}
export function root(): u64 {
  return pt!.root;
}
export function freeFrames(): u64 {
  return frames!.freeFrames;
}
export function prepare(va: u64): bool {
  return pt!.prepare(va);
}
