// Memory at boot, as kernelMain takes it over: the frame allocator built from
// the loader's memory map minus what must stay untouched (./frames.ts), and
// the loader's own memory given back once nothing runs in it.
import { BootInfo } from "../../boot/bootinfo";
import { println, dec, size } from "../console";
import { FrameAllocator, Span, FRAME } from "./frames";

// What the allocator must never hand out beyond the map's own reservations:
// low memory the platform keeps, the kernel image, the boot modules, the
// device tree and any loader record still in usable RAM.
function holds(info: BootInfo, lowMemoryReserve: u64): Array<Span> {
  const h = new Array<Span>();
  h.push(new Span(0, lowMemoryReserve));
  h.push(new Span(info.kernelPhys, info.kernelPhys + info.kernelSize));
  for (let i = 0; i < info.modules.length; i++) h.push(new Span(info.modules[i].phys, info.modules[i].phys + info.modules[i].size));
  if (info.dtb != 0) h.push(new Span(info.dtb, info.dtb + info.dtbSize));
  if (info.bootData != 0) h.push(new Span(info.bootData, info.bootData + info.bootDataSize));
  return h;
}

// Null with frameError set if the map leaves nothing usable.
export function initFrames(info: BootInfo, lowMemoryReserve: u64): FrameAllocator | null {
  return FrameAllocator.build(info.memory, holds(info, lowMemoryReserve));
}

// The loader's memory is ours once nothing runs in it: the other CPUs have
// left their parking places (Limine parks them in this memory). `parked`:
// CPUs that were never started and may still be there.
export function reclaimLoaderMemory(f: FrameAllocator, parked: i32): void {
  if (parked == 0) {
    const n = f.reclaim();
    if (n > 0) println("frames: " + dec(n) + " frames of bootloader memory reclaimed");
  } else {
    println("frames: bootloader memory kept: " + dec(<u64>parked) + " CPU(s) may still be parked in it");
  }
  println(
    "frames: " +
      dec(f.freeFrames) +
      " free of " +
      dec(f.totalFrames) +
      " (" +
      size(f.freeFrames * FRAME) +
      ")" +
      (f.unmanagedBytes > 0 ? ", " + dec(f.unmanagedBytes) + " bytes beyond the bitmap left unused" : ""),
  );
}
