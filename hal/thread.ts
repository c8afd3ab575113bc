// The HAL's thread imports (module "thread", hal/common/thread.c): a kernel
// thread's saved registers live in C; TS says when to switch.
// Lay out a new thread's stack: it starts in the entry module's threadMain(id).
@external("thread", "prepare") export declare function threadPrepare(id: u32, stackTop: u64): void;
// Switch from one thread's stack to another's; returns when `from` runs again.
@external("thread", "switch") export declare function threadSwitch(from: u32, to: u32): void;
