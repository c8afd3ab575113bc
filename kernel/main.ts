// The generic kernel entry: everything after the boot protocol has been
// normalised into a BootInfo by hal/<arch>/entry.ts.
import { BootInfo, memKindName } from "./bootinfo";
import { Platform } from "./platform";
import { println, hex, dec, size } from "./console";
import { uartKindName } from "../drivers/uart";
import { NEXUS_VERSION } from "./version";
import { runKtests, runPanicTest } from "./ktest";
import { registerBootTests } from "./tests/boot";
import { halt } from "../hal/hal";
import { FrameAllocator, Span, FRAME, frameError } from "./frames";
import { registerFrameTests } from "./tests/frames";
import { registerVmTests } from "./tests/vm";
import { registerTimeTests } from "./tests/time";
import { initTime, counterFrequency } from "./time";
import { runBenchmarks } from "./bench";
import { initScheduler, warmStackTables } from "./sched";
import { registerSchedTests } from "./tests/sched";
import { registerHeapTests } from "./tests/heap";
import { enterKernelAddressSpace, vmError, kernelPageTable } from "./vm";

// The physical frame allocator, once built from the boot memory map.
export let frames: FrameAllocator | null = null;

export function printBanner(info: BootInfo, arch: string): void {
  println(""); // loaders may leave the cursor mid-line
  println("nexus " + NEXUS_VERSION + " (" + arch + ")");
  println("boot: protocol=" + info.protocol + " firmware=" + info.firmware +
    (info.loader.length > 0 ? " loader=" + info.loader : ""));
  const usable = info.usableBytes();
  println("memory: " + dec(info.memory.length) + " entries, " + dec(usable) + " bytes usable (" + size(usable) + ")");
  for (let i = 0; i < info.memory.length; i++) {
    const r = info.memory[i];
    println("  [" + hex(r.base, 16) + " +" + hex(r.length, 16) + "] " + memKindName(r.kind));
  }
  println("hhdm: " + hex(info.hhdm));
  println("kernel: phys " + hex(info.kernelPhys) + " virt " + hex(info.kernelVirt));
  println("cmdline: " + info.cmdline);
  println("modules: " + dec(info.modules.length));
  for (let i = 0; i < info.modules.length; i++) {
    const m = info.modules[i];
    println("  module " + dec(i) + ": " + m.name + " at " + hex(m.phys) + ", " + dec(m.size) + " bytes");
  }
  println("cpus: " + dec(info.cpuCount));
  if (info.timebaseHz != 0) println("timebase: " + dec(info.timebaseHz) + " Hz");
  if (info.bootHart >= 0) println("boot hart: " + dec(<u64>info.bootHart));
  println("console: " + uartKindName(info.uart.kind) + " at " + hex(info.uart.base));
}

// Returns the value of `key=value` on the command line, or null.
export function cmdlineValue(cmdline: string, key: string): string | null {
  const words = cmdline.split(" ");
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.startsWith(key + "=")) return w.substring(key.length + 1);
  }
  return null;
}

// What the frame allocator must never hand out beyond the map's own reservations.
function holds(info: BootInfo, platform: Platform): Array<Span> {
  const h = new Array<Span>();
  h.push(new Span(0, platform.lowMemoryReserve));
  h.push(new Span(info.kernelPhys, info.kernelPhys + info.kernelSize));
  for (let i = 0; i < info.modules.length; i++) h.push(new Span(info.modules[i].phys, info.modules[i].phys + info.modules[i].size));
  if (info.dtb != 0) h.push(new Span(info.dtb, info.dtb + info.dtbSize));
  if (info.bootData != 0) h.push(new Span(info.bootData, info.bootData + info.bootDataSize));
  return h;
}

function freeFrameCount(): u64 { return frames!.freeFrames; }

// A bring-up step failed: say why and stop the machine.
function fatal(msg: string, info: BootInfo, platform: Platform): void {
  println("PANIC: " + msg);
  platform.poweroff(false, info);
}

export function kernelMain(info: BootInfo, platform: Platform): void {
  printBanner(info, platform.arch);
  const f = FrameAllocator.build(info.memory, holds(info, platform));
  if (f === null) return fatal(frameError, info, platform);
  frames = f;
  if (!enterKernelAddressSpace(info, platform.pteFormat(), f)) return fatal(vmError, info, platform);
  if (!initTime(platform)) return fatal("time: the CPU counter's frequency is unknown", info, platform);
  println("clock: " + dec(counterFrequency()) + " Hz counter");
  initScheduler(f, kernelPageTable!);
  println("frames: " + dec(f.freeFrames) + " free of " + dec(f.totalFrames) + " (" + size(f.freeFrames * FRAME) + ")" +
    (f.unmanagedBytes > 0 ? ", " + dec(f.unmanagedBytes) + " bytes beyond the bitmap left unused" : ""));
  if (KTEST) {
    const panicKind = cmdlineValue(info.cmdline, "ktest.panic");
    if (panicKind !== null) {
      runPanicTest(panicKind);
      platform.poweroff(false, info);
    }
    if (cmdlineValue(info.cmdline, "ktest.bench") == "1") {
      runBenchmarks(f, 0x1000); // page 1 is never mapped
      platform.poweroff(true, info);
    }
    registerBootTests(info);
    registerFrameTests(info, f);
    registerVmTests(info, kernelPageTable!, f, platform.returnInstruction);
    registerTimeTests();
    warmStackTables(); // page tables for thread stacks stay: made before the leak baseline
    registerSchedTests();
    registerHeapTests(); // after the threads: the boot thread's stack is the only one
    const failed = runKtests(freeFrameCount);
    platform.poweroff(failed == 0, info);
  }
  println("nexus: ready");
  halt();
}
