// The KTEST image's end of boot (kernel/main.ts hands over here once the
// kernel is up): one deliberate panic (`ktest.panic=KIND`), the in-kernel
// micro-benchmarks (`ktest.bench=1`), or every in-kernel test (only those
// whose names start with `ktest.only=PREFIX`, and with `ktest.gctorture=1`
// a collection at every allocation); then power off with the result.
import { BootInfo } from "../../boot/bootinfo";
import { Platform } from "../../hal/platform";
import { println } from "../console";
import { FrameAllocator } from "../mm/frames";
import { kernelPageTable } from "../mm/kernelspace";
import { heapFrames, trimHeap } from "../heap/window";
import { gcCollect, gcSetThreshold } from "../heap/gc";
import { warmStackTables } from "../sched/stack";
import { runKtests } from "./runner";
import { runPanicTest } from "./panic";
import { runBenchmarks } from "./bench/micro";
import { registerBootTests } from "./boot";
import { registerFrameTests } from "./frames";
import { registerVmTests } from "./kernelspace";
import { registerTimeTests } from "./time";
import { registerSchedTests } from "./sched";
import { registerSmpTests } from "./smp";
import { registerIrqTests } from "./irq";
import { registerHeapTests } from "./heap";

let allocator: FrameAllocator | null = null;

// For the leak check: free frames, plus the frames the heap holds for its
// pages past the image. After a collection and a trim those are pages with
// live objects in them, which the heap tests check on their own.
function freeFrameCount(): u64 {
  return allocator!.freeFrames + heapFrames;
}
function settleHeap(): void {
  gcCollect();
  trimHeap();
}

export function runKernelTests(info: BootInfo, platform: Platform, frames: FrameAllocator): void {
  const power = platform.power;
  const panicKind = info.option("ktest.panic");
  if (panicKind !== null) {
    runPanicTest(panicKind);
    return power.poweroff(false);
  }
  if (info.option("ktest.bench") == "1") {
    runBenchmarks(frames, 0x1000); // page 1 is never mapped
    return power.poweroff(true);
  }
  allocator = frames;
  registerBootTests(info);
  registerFrameTests(info, frames);
  registerVmTests(info, kernelPageTable!, frames, platform.returnInstruction);
  registerTimeTests();
  warmStackTables(); // page tables for thread stacks stay: made before the leak baseline
  registerSchedTests();
  registerSmpTests(info, frames);
  registerIrqTests(info);
  registerHeapTests(frames);
  if (info.option("ktest.gctorture") == "1") {
    println("ktest: collecting at every allocation");
    gcSetThreshold(0);
  }
  const failed = runKtests(freeFrameCount, settleHeap, info.option("ktest.only"));
  power.poweroff(failed == 0);
}
