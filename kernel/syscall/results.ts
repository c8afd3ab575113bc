// How a system call's results reach the cell, and the counters kinfo shows.
// A leaf: the handlers (./*.ts) and the kernel objects that finish a call
// later (an IPC partner, a signal) both use it.

// A handler's result when the results are written already, into the
// thread's saved registers (hal/user.ts userResult): by the other side of
// an IPC while this thread waited, or by the handler itself for calls with
// more than r0.
export const KEEP: i64 = i64.MIN_VALUE;

// kinfo's counters (docs/syscalls.md): system calls taken, and how calls
// went: handed the CPU straight to a waiting receiver, or queued for one.
export let syscallCount: u64 = 0;
export let callsDirect: u64 = 0;
export let callsQueued: u64 = 0;
export function countSyscall(): void {
  syscallCount++;
}
export function countCall(direct: bool): void {
  if (direct) callsDirect++;
  else callsQueued++;
}
