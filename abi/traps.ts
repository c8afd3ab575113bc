// How a cell stops running: why it came back to the kernel (what the HAL's
// run_user returns, hal/<arch>/user.c), and the codes a cell that ended by
// a fault reports to its supervisor (cell_status r1, docs/cells.md): the
// CPU trap causes, a wasm trap its runtime reported (cells/rt/start.c), or
// its CPU budget. The build generates the C names from this file.
export const USER_SYSCALL: u32 = 0;
export const USER_INTERRUPT: u32 = 1;
export const USER_PAGE_FAULT: u32 = 2;
export const USER_ILLEGAL: u32 = 3;
export const USER_PROTECTION: u32 = 4;
export const USER_BREAKPOINT: u32 = 5;
export const USER_MISALIGNED: u32 = 6;
export const USER_ARITHMETIC: u32 = 7;
export const USER_OTHER: u32 = 8;
export const FAULT_WASM_TRAP: u32 = 16;
export const FAULT_BUDGET: u32 = 17;

// The code of the `trap` call: wasm2c 1.0.32's wasm_rt_trap_t (1-8), then
// the user runtime's own.
export const WASM_TRAP_OOB: u32 = 1;
export const WASM_TRAP_INT_OVERFLOW: u32 = 2;
export const WASM_TRAP_DIV_BY_ZERO: u32 = 3;
export const WASM_TRAP_INVALID_CONVERSION: u32 = 4;
export const WASM_TRAP_UNREACHABLE: u32 = 5;
export const WASM_TRAP_CALL_INDIRECT: u32 = 6;
export const WASM_TRAP_UNCAUGHT_EXCEPTION: u32 = 7;
export const WASM_TRAP_EXHAUSTION: u32 = 8;
export const WASM_TRAP_ABORT: u32 = 100; // AS abort(): an assert, an index out of range
export const WASM_TRAP_NO_MEMORY: u32 = 101; // the initial linear memory could not be mapped
export const WASM_TRAP_TABLE_FULL: u32 = 102; // a runtime table (call_indirect, signatures) is full

// A fault code as the ledger records it (a-z 0-9 - only).
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

// The access of a page fault (the HAL's user_fault_access).
export function accessName(access: u64): string {
  if (access == 0) return "read";
  if (access == 1) return "write";
  if (access == 2) return "fetch";
  return "access";
}

export function wasmTrapName(code: u64): string {
  if (code == WASM_TRAP_OOB) return "out of bounds memory access";
  if (code == WASM_TRAP_INT_OVERFLOW) return "integer overflow";
  if (code == WASM_TRAP_DIV_BY_ZERO) return "integer divide by zero";
  if (code == WASM_TRAP_INVALID_CONVERSION) return "invalid conversion";
  if (code == WASM_TRAP_UNREACHABLE) return "unreachable";
  if (code == WASM_TRAP_CALL_INDIRECT) return "bad indirect call";
  if (code == WASM_TRAP_UNCAUGHT_EXCEPTION) return "uncaught exception";
  if (code == WASM_TRAP_EXHAUSTION) return "call stack exhausted";
  if (code == WASM_TRAP_ABORT) return "abort";
  if (code == WASM_TRAP_NO_MEMORY) return "no memory for the linear memory";
  if (code == WASM_TRAP_TABLE_FULL) return "a runtime table is full";
  return "trap " + code.toString();
}
