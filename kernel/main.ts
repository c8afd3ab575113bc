// The generic kernel entry: everything after the boot protocol has been
// normalised into a BootInfo by hal/<arch>/entry.ts.
import { BootInfo, memKindName } from "../boot/bootinfo";
import { Platform } from "./platform";
import { println, hex, dec, size } from "./console";
import { uartKindName } from "../drivers/uart";
import { NEXUS_VERSION } from "./version";
import { runKtests, runPanicTest } from "./ktest/runner";
import { registerBootTests } from "./ktest/boot";
import { FrameAllocator, Span, FRAME, frameError } from "./mm/frames";
import { registerFrameTests } from "./ktest/frames";
import { registerVmTests } from "./ktest/kernelspace";
import { registerTimeTests } from "./ktest/time";
import { initTime, counterFrequency } from "./cpu/time";
import { runBenchmarks } from "./ktest/bench/micro";
import { initScheduler, warmStackTables, exitThread, schedError } from "./sched/sched";
import { initBootCpu, startSecondaryCpus, cpusLeftParked } from "./cpu/smp";
import { registerSmpTests } from "./ktest/smp";
import { registerSchedTests } from "./ktest/sched";
import { initPageFaults } from "./mm/pagefault";
import { initHeapWindow, trimHeap, heapFrames } from "./heap/window";
import { gcCollect, gcSetThreshold } from "./heap/gc";
import { registerHeapTests } from "./ktest/heap";
import { enterKernelAddressSpace, vmError, kernelPageTable } from "./mm/kernelspace";
import { initIrqs, NO_IRQ } from "./cpu/irq";
import { registerIrqTests } from "./ktest/irq";
import { verifiedBoot } from "./trust/boot";
import { fillKernelHalf, pageTableError } from "./mm/pagetable";
import { initCells } from "./cell/lifecycle";
import { startInit } from "./cell/init";
import { ARCH_X86_64, ARCH_RISCV64 } from "./trust/bundle";
import { EM_X86_64, EM_RISCV } from "./cell/elf";
import { cpuFeatures } from "../hal/hal";

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
  println("console: " + uartKindName(info.uart.kind) + " at " + hex(info.uart.base) +
    (info.uart.irq != NO_IRQ ? ", irq " + dec(info.uart.irq) : ""));
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

// For the leak check: free frames, plus the frames the heap holds for its
// pages past the image. After a collection and a trim those are pages with
// live objects in them, which the heap tests check on their own.
function freeFrameCount(): u64 { return frames!.freeFrames + heapFrames; }
function settleHeap(): void {
  gcCollect();
  trimHeap();
}

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
  // Every cell's address space shares the kernel's half: its top-level
  // tables exist from now on (kernel/pagetable.ts).
  if (!fillKernelHalf(kernelPageTable!)) return fatal(pageTableError, info, platform);
  initHeapWindow(f, kernelPageTable!, info.hhdm, info.kernelPhys, info.kernelVirt);
  if (!initPageFaults()) return fatal("vm: no room in the initial heap for the page-fault handler's stacks", info, platform);
  if (!initTime(platform)) return fatal("time: the CPU counter's frequency is unknown", info, platform);
  println("clock: " + dec(counterFrequency()) + " Hz counter");
  initIrqs(platform, info); // without a controller the kernel runs on, with no device interrupts
  if (!initScheduler(f, kernelPageTable!, initBootCpu(info, platform))) return fatal(schedError, info, platform);
  startSecondaryCpus(info, kernelPageTable!.root);
  // The loader's memory is ours once nothing runs in it: the other CPUs have
  // left their parking places (Limine parks them in this memory).
  if (cpusLeftParked == 0) {
    const n = f.reclaim();
    if (n > 0) println("frames: " + dec(n) + " frames of bootloader memory reclaimed");
  } else {
    println("frames: bootloader memory kept: " + dec(<u64>cpusLeftParked) + " CPU(s) may still be parked in it");
  }
  println("frames: " + dec(f.freeFrames) + " free of " + dec(f.totalFrames) + " (" + size(f.freeFrames * FRAME) + ")" +
    (f.unmanagedBytes > 0 ? ", " + dec(f.unmanagedBytes) + " bytes beyond the bitmap left unused" : ""));
  verifiedBoot(info);
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
    registerSmpTests(info);
    registerIrqTests(info);
    registerHeapTests(f);
    if (cmdlineValue(info.cmdline, "ktest.gctorture") == "1") {
      println("ktest: collecting at every allocation");
      gcSetThreshold(0);
    }
    const failed = runKtests(freeFrameCount, settleHeap, cmdlineValue(info.cmdline, "ktest.only"));
    platform.poweroff(failed == 0, info);
  }
  const x86 = platform.arch == "x86_64";
  initCells(f, kernelPageTable!, x86 ? ARCH_X86_64 : ARCH_RISCV64, x86 ? EM_X86_64 : EM_RISCV);
  const feat = cpuFeatures();
  println(x86 ? "cpu: SMEP " + ((feat & 1) != 0 ? "on" : "absent") + ", SMAP " + ((feat & 2) != 0 ? "on" : "absent") +
    "; the kernel reaches cell memory through the direct map only" : "cpu: sstatus.SUM stays clear; the kernel reaches cell memory through the direct map only");
  println("nexus: ready");
  startInit(info.cmdline, info.device);
  exitThread(); // CPU 0 goes on in its idle thread
}
