// The Supervisor Binary Interface (RISC-V SBI spec v2.0): calls into the
// firmware (OpenSBI) below the kernel, for timers, IPIs, starting harts and
// power. The ecall itself is C's (module "riscv", hal/riscv64/cpu.c).
// Returns the SBI error (a0); the value (a1) via sbiValue().
@external("riscv", "sbi_call") export declare function sbiCall(ext: u32, fid: u32, a0: u64, a1: u64, a2: u64): i64;
@external("riscv", "sbi_value") export declare function sbiValue(): u64;

export const SBI_EXT_BASE: u32 = 0x10,
  SBI_PROBE_EXTENSION: u32 = 3;
export const SBI_EXT_TIME: u32 = 0x54494d45;
export const SBI_EXT_IPI: u32 = 0x735049;
export const SBI_EXT_HSM: u32 = 0x48534d,
  SBI_HART_START: u32 = 0;
export const SBI_EXT_SRST: u32 = 0x53525354;
// Legacy extensions (v0.1), for firmware without the ones above.
export const SBI_LEGACY_SET_TIMER: u32 = 0;
export const SBI_LEGACY_PUTCHAR: u32 = 1;
export const SBI_LEGACY_SHUTDOWN: u32 = 8;

export function hasExtension(ext: u32): bool {
  return sbiCall(SBI_EXT_BASE, SBI_PROBE_EXTENSION, ext, 0, 0) == 0 && sbiValue() != 0;
}

// SBI error codes (SBI spec, "Binary Encoding").
export function sbiErrorName(e: i64): string {
  if (e == -2) return "not supported";
  if (e == -3) return "invalid parameter";
  if (e == -4) return "denied";
  if (e == -5) return "invalid address";
  if (e == -6) return "already started";
  return "error " + e.toString();
}

// The firmware's console, for when the device tree names no UART.
export function sbiPrint(s: string): void {
  for (let i = 0; i < s.length; i++) sbiCall(SBI_LEGACY_PUTCHAR, 0, <u64>s.charCodeAt(i), 0, 0);
}
