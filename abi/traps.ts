// Why a cell came back to the kernel (hal.run_user; enum in hal/common/nexus.h).
export const USER_SYSCALL: u32 = 0;
export const USER_INTERRUPT: u32 = 1;
export const USER_PAGE_FAULT: u32 = 2;
export const USER_ILLEGAL: u32 = 3;
export const USER_PROTECTION: u32 = 4;
export const USER_BREAKPOINT: u32 = 5;
export const USER_MISALIGNED: u32 = 6;
export const USER_ARITHMETIC: u32 = 7;
export const USER_OTHER: u32 = 8;

// Fault codes a cell can end with (cell_status r1, docs/syscalls.md), past
// the trap causes above: a wasm trap reported by the cell's runtime, and the
// CPU budget running out.
export const FAULT_WASM_TRAP: u32 = 16;
export const FAULT_BUDGET: u32 = 17;

// The ledger result for each (a-z 0-9 - only).
export function faultResult(code: u32): string {
  if (code == USER_PAGE_FAULT) return "page-fault";
  if (code == USER_ILLEGAL) return "illegal-instruction";
  if (code == USER_PROTECTION) return "protection-fault";
  if (code == USER_BREAKPOINT) return "breakpoint";
  if (code == USER_MISALIGNED) return "misaligned";
  if (code == USER_ARITHMETIC) return "arithmetic";
  if (code == FAULT_WASM_TRAP) return "wasm-trap";
  if (code == FAULT_BUDGET) return "cpu-budget";
  return "cpu-exception";
}

const ACCESS = ["read", "write", "fetch"];
export function accessName(a: u64): string { return a < 3 ? ACCESS[<i32>a] : "access"; }

// wasm2c's trap codes (wasm-rt.h wasm_rt_trap_t), and the user runtime's own.
export function wasmTrapName(code: u64): string {
  if (code == 1) return "out of bounds memory access";
  if (code == 2) return "integer overflow";
  if (code == 3) return "integer divide by zero";
  if (code == 4) return "invalid conversion";
  if (code == 5) return "unreachable";
  if (code == 6) return "bad indirect call";
  if (code == 7) return "uncaught exception";
  if (code == 8) return "call stack exhausted";
  if (code == 100) return "abort";
  if (code == 101) return "no memory for the linear memory";
  if (code == 102) return "a runtime table is full";
  return "trap " + code.toString();
}
