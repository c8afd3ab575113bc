// The TS functions the C half of the kernel calls, other than the boot entry:
// each hal/<arch>/entry.ts re-exports them, which makes them the wasm
// module's exports (Z_kernelZ_<name> in the generated C).
import { onTimerInterrupt } from "./cpu/time";
import { onDeviceInterrupt } from "./cpu/irq";
import { runThread } from "./sched/sched";
import { cpuStarted } from "./cpu/smp";
import { onPageFaultOwnStack } from "./mm/pagefault";

// The timer interrupt, from the trap path (hal/<arch>/cpu.c).
export function timerInterrupt(): void {
  onTimerInterrupt();
}

// A device interrupt, from the trap path: the x86_64 vector (48-79) or the
// riscv64 cause (9, supervisor external; the PLIC says which source).
export function deviceInterrupt(cause: u32): void {
  onDeviceInterrupt(cause);
}

// A new kernel thread's first TS code, on its own stack (hal/common/thread.c).
export function threadMain(id: u32): void {
  runThread(id);
}

// A secondary CPU's first TS code, on its idle thread's stack (hal/common/smp.c).
export function cpuMain(index: u32): void {
  cpuStarted(index);
}

// A kernel page fault at `addr`, from the trap path: 1 if handled, else what
// was hit (kernel/mm/pagefault.ts). Must not allocate.
export function pageFault(addr: u64): u32 {
  return onPageFaultOwnStack(addr);
}

// The TS shadow-stack pointer, which moves with the kernel lock from CPU to
// CPU (hal/common/smp.c). No managed locals: these keep no frame of their own.
export function shadowStackPointer(): u32 {
  return <u32>__stack_pointer;
}
export function setShadowStackPointer(sp: u32): void {
  __stack_pointer = <usize>sp;
}
