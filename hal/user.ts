// The HAL's user-mode imports (module "user"; hal/<arch>/user.c,
// hal/common/user.c). A cell runs on a kernel thread whose stack top holds
// its user context: its registers while the kernel runs.
// Its first pc and stack pointer.
@external("user", "context_init") export declare function userContextInit(thread: u32, pc: u64, sp: u64): void;
// Run the cell until it traps; returns why (abi/traps.ts USER_*), with the
// kernel lock held again.
@external("user", "run") export declare function runUser(thread: u32): u32;
// About the last trap from a cell on this CPU: where it was, the address a
// page fault touched, that access (0 read, 1 write, 2 fetch), and the
// architecture's own code for it.
@external("user", "fault_pc") export declare function userFaultPc(): u64;
@external("user", "fault_address") export declare function userFaultAddress(): u64;
@external("user", "fault_access") export declare function userFaultAccess(): u32;
@external("user", "fault_code") export declare function userFaultCode(): u64;
// The system call's number (i = 0) and arguments (i = 1-6); its results 0-5.
@external("user", "arg") export declare function userArg(thread: u32, i: u32): u64;
@external("user", "result") export declare function userResult(thread: u32, i: u32, v: u64): void;
