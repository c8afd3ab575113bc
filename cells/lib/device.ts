// Device registers inside the linear memory, so TS can reach them: an mmio
// capability mapped at the start of fresh wasm pages (the rest of them plain
// anonymous memory, so every page in bounds is mapped).
import { map, addr, ANON, PAGE, PROT_READ, PROT_WRITE, E_NOMEM } from "./sys";

@external("sys", "reserve") declare function sysReserve(n: u32): i32;

// The registers' offset in the linear memory, or the map error (the pages
// are then anonymous memory instead).
export function mapDevice(slot: u32, pages: u32, prot: u32): i64 {
  const wasmPages = (pages + 15) >> 4;
  const old = sysReserve(wasmPages);
  if (old < 0) return E_NOMEM;
  const off = <usize>old << 16;
  const tail = (wasmPages << 4) - pages;
  const r = map(slot, addr(off), pages, prot);
  if (r < 0) map(ANON, addr(off), pages, PROT_READ | PROT_WRITE);
  if (tail > 0) map(ANON, addr(off + <usize>pages * PAGE), tail, PROT_READ | PROT_WRITE);
  return r < 0 ? r : <i64>off;
}
