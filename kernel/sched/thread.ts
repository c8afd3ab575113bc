// A kernel thread and what it waits in. A leaf: the per-CPU records
// (kernel/cpu/cpu.ts) name the thread each CPU runs, the scheduler
// (./sched.ts) moves threads between states and queues.
import { ShadowStack } from "../heap/shadowstack";

export const PRIORITIES = 4;
export const ANY_CPU: i32 = -1;

export const enum ThreadState {
  Ready,
  Running,
  Blocked,
  Sleeping,
  Dead,
}

export class WaitQueue {
  threads: Array<Thread> = new Array<Thread>();
}

export class Thread {
  state: ThreadState = ThreadState.Ready;
  stack: Array<u64> = new Array<u64>(); // its stack's frames (./stack.ts)
  wakeAt: u64 = 0;
  shadow: ShadowStack | null = null; // null: the boot thread's, below __heap_base
  shadowSp: usize = 0; // its shadow-stack pointer while switched out
  exited: WaitQueue = new WaitQueue();
  affinity: i32 = ANY_CPU; // the one CPU it may run on, or ANY_CPU
  lastCpu: i32 = -1; // where it ran last
  root: u64 = 0; // a cell's page-table root; 0: the kernel's
  waitingOn: WaitQueue | null = null; // while Blocked
  interrupted: bool = false; // woken by interrupt(), not by what it waited for
  constructor(
    public id: u32,
    public name: string,
    public priority: i32,
    public fn: () => void,
  ) {}
}
