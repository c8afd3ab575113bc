// Serial ports: the kinds the boot info names (device-tree `compatible`, or
// COM1 on a PC), and what every driver of one offers the console
// (kernel/console.ts). Polled output; the transmitter-empty interrupt can be
// switched on (the interrupt tests use it: every UART can raise it at once).
// The drivers: ./ns16550.ts, ./sifive.ts; ./mmio.ts picks one.

export const UART_NONE: u32 = 0;
export const UART_NS16550A: u32 = 1;
export const UART_DW_APB: u32 = 2;
export const UART_SIFIVE: u32 = 3;
export const UART_PIO_16550: u32 = 4;

export function uartKindName(kind: u32): string {
  if (kind == UART_NS16550A) return "ns16550a";
  if (kind == UART_DW_APB) return "snps,dw-apb-uart";
  if (kind == UART_SIFIVE) return "sifive,uart0";
  if (kind == UART_PIO_16550) return "16550 (port I/O)";
  return "none";
}

// What interruptCause() reports.
export const UART_INT_NONE: u32 = 0;
export const UART_INT_TX_EMPTY: u32 = 1;
export const UART_INT_OTHER: u32 = 2;

export const SPIN_LIMIT = 1000000; // never hang on a dead UART

export interface Uart {
  putc(c: u32): void;
  // One received byte, or -1 if none is waiting.
  getc(): i32;
  // The transmitter-empty interrupt on or off. On while the transmitter is
  // empty, the UART raises it at once.
  setTxInterrupt(on: bool): void;
  // Why the UART interrupts (UART_INT_*); lastIdentification() is the raw
  // register value that said so.
  interruptCause(): u32;
  lastIdentification(): u32;
}

// No console at all (before the boot info names one, or a machine without).
export class NoUart implements Uart {
  putc(c: u32): void {}
  getc(): i32 {
    return -1;
  }
  setTxInterrupt(on: bool): void {}
  interruptCause(): u32 {
    return UART_INT_NONE;
  }
  lastIdentification(): u32 {
    return 0;
  }
}
