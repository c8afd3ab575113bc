// In-kernel tests of the frame allocator on the real memory map: frames come
// from usable RAM only, each once, are really backed (written and read through
// the direct map), and all come back.
import { BootInfo, MemKind } from "../../boot/bootinfo";
import { FrameAllocator, FRAME, frameError } from "../mm/frames";
import { ktest, fail } from "./runner";
import { hex, dec } from "../console";
import { load64, store64 } from "../../hal/memory";

let boot: BootInfo = new BootInfo();
let frames: FrameAllocator | null = null;

function inUsableRam(addr: u64): bool {
  let usable = false;
  for (let i = 0; i < boot.memory.length; i++) {
    const r = boot.memory[i];
    if (addr + FRAME <= r.base || addr >= r.base + r.length) continue;
    if (r.kind != MemKind.Usable) return false;
    usable = true;
  }
  return usable && (addr + FRAME <= boot.kernelPhys || addr >= boot.kernelPhys + boot.kernelSize);
}

function allocWriteReadFree(): bool {
  const f = frames!;
  const before = f.freeFrames;
  const got = new Array<u64>();
  for (let i = 0; i < 256; i++) {
    const a = f.alloc();
    if (a == 0) return fail("out of frames after " + dec(i));
    if (!inUsableRam(a)) return fail(hex(a) + " is not usable RAM outside the kernel");
    if (got.includes(a)) return fail(hex(a) + " handed out twice");
    got.push(a);
    for (let off: u64 = 0; off < FRAME; off += 512) store64(boot.hhdm + a + off, a ^ off ^ 0x5a5a5a5a);
  }
  if (f.freeFrames != before - 256) return fail("free count " + dec(f.freeFrames) + ", expected " + dec(before - 256));
  for (let i = 0; i < got.length; i++) {
    const a = got[i];
    for (let off: u64 = 0; off < FRAME; off += 512) {
      if (load64(boot.hhdm + a + off) != (a ^ off ^ 0x5a5a5a5a)) return fail("frame " + hex(a) + " lost what was written");
    }
  }
  for (let i = 0; i < got.length; i++) if (!f.free(got[i])) return fail(frameError);
  if (f.free(got[0])) return fail("a double free was accepted");
  if (f.freeFrames != before) return fail("free count " + dec(f.freeFrames) + " after freeing all, expected " + dec(before));
  return true;
}

function kernelImageIsNeverHandedOut(): bool {
  const f = frames!;
  for (let a = boot.kernelPhys & ~(FRAME - 1); a < boot.kernelPhys + boot.kernelSize; a += FRAME) {
    if (f.bitOf(a) >= 0) return fail("kernel frame " + hex(a) + " is managed RAM");
  }
  return true;
}

export function registerFrameTests(info: BootInfo, allocator: FrameAllocator): void {
  boot = info;
  frames = allocator;
  ktest("frames: allocate, write, read back and free 256 frames", allocWriteReadFree);
  ktest("frames: the kernel image is never handed out", kernelImageIsNeverHandedOut);
}
