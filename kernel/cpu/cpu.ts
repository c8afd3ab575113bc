// Per-CPU data: what each CPU is running and its timer. CPU 0 is the boot
// CPU; the others are numbered in the order they are started (./smp.ts).
// Only the CPU holding the big kernel lock runs TS, so these need no locks of
// their own; `thisCpu()` is the one running now.
import { cpuIndex } from "../../hal/cpu";
import { Thread } from "../sched/thread";

// The most CPUs Nexus runs; the C half's per-CPU arrays are this long (the
// build generates its MAX_CPUS from here).
export const MAX_CPUS: u32 = 16;

export class Cpu {
  online: bool = false; // running the scheduler
  abandoned: bool = false; // did not start in time: if it turns up later, it parks
  current: Thread | null = null;
  idle: Thread | null = null;
  halted: bool = false; // in its idle halt: a wake-up IPI gets it going
  sliceEnd: u64 = 0;
  ticks: u64 = 0; // timer interrupts taken on this CPU
  timerHz: u32 = 0; // its periodic timer, 0 when off
  idleTimer: bool = false; // the idle loop started it (for sleepers) and stops it
  loadedRoot: u64 = 0; // the page-table root in use here (kernel/sched/sched.ts switchTo)
  constructor(
    public index: u32,
    public hwId: u32,
  ) {}
}

export const cpus = new Array<Cpu>();

export function thisCpu(): Cpu {
  return cpus[cpuIndex()];
}

export function onlineCpus(): i32 {
  let n = 0;
  for (let i = 0; i < cpus.length; i++) if (cpus[i].online) n++;
  return n;
}
