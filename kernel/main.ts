// The generic kernel, from the moment the architecture's entry
// (hal/<arch>/entry.ts) has read the loader's record into a BootInfo and
// built the Platform: one line per step, in boot order. docs/walkthrough.md
// follows it step by step.
import { BootInfo } from "../boot/bootinfo";
import { printBanner } from "../boot/banner";
import { Platform } from "../hal/platform";
import { println } from "./console";
import { frameError } from "./mm/frames";
import { initFrames, reclaimLoaderMemory } from "./mm/boot";
import { enterKernelAddressSpace, kernelPageTable, vmError } from "./mm/kernelspace";
import { fillKernelHalf, pageTableError } from "./mm/pagetable";
import { initPageFaults } from "./mm/pagefault";
import { initHeapWindow } from "./heap/window";
import { initTime } from "./cpu/time";
import { initIrqs } from "./cpu/irq";
import { initBootCpu, startSecondaryCpus, cpusLeftParked } from "./cpu/smp";
import { initScheduler, exitThread, schedError } from "./sched/sched";
import { verifiedBoot } from "./trust/boot";
import { runKernelTests } from "./ktest/suite";
import { initCells } from "./cell/lifecycle";
import { startInit } from "./cell/init";
import { cellThread } from "./syscall/trap";

// A bring-up step failed: say why and stop the machine.
function fatal(why: string, platform: Platform): void {
  println("PANIC: " + why);
  platform.power.poweroff(false);
}

export function kernelMain(info: BootInfo, platform: Platform): void {
  const paging = platform.paging;
  printBanner(info, platform.arch); // what the loader handed over
  const frames = initFrames(info, paging.lowMemoryReserve); // physical frames, from the memory map
  if (frames === null) return fatal(frameError, platform);
  if (!enterKernelAddressSpace(info, paging.pteFormat(), frames)) return fatal(vmError, platform); // our own page tables
  const kernelPt = kernelPageTable!;
  if (!fillKernelHalf(kernelPt)) return fatal(pageTableError, platform); // the half every cell's tables share
  initHeapWindow(frames, kernelPt, info.hhdm, info.kernelPhys, info.kernelVirt); // the heap may grow past the image
  if (!initPageFaults()) return fatal("vm: no room in the initial heap for the page-fault handler's stacks", platform);
  if (!initTime(platform.timer)) return fatal("time: the CPU counter's frequency is unknown", platform); // the clock
  initIrqs(platform.interrupts, info); // device interrupts (without a controller: none)
  if (!initScheduler(frames, kernelPt, initBootCpu(info, platform.cpus))) return fatal(schedError, platform); // threads
  startSecondaryCpus(info, kernelPt.root); // every other CPU joins the scheduler
  reclaimLoaderMemory(frames, cpusLeftParked); // the loader's memory, once no CPU is parked in it
  verifiedBoot(info); // measure the kernel, verify the initrd, start the ledger
  if (KTEST) return runKernelTests(info, platform, frames); // the KTEST image ends here, powered off
  initCells(frames, kernelPt, platform.arch, platform.userMemoryGuard, cellThread); // user space
  println("nexus: ready");
  startInit(info); // the first cell; it starts the rest
  exitThread(); // CPU 0 goes on in its idle thread
}
