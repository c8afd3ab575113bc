// Serial console drivers, chosen by kind (device-tree `compatible`, or COM1 on
// x86): 16550-compatible UARTs over MMIO (with register shift and access width,
// as on the JH7110's snps,dw-apb-uart), over x86 port I/O, and SiFive's UART.
// Polled output; the transmitter-empty interrupt can be switched on (the
// interrupt tests use it: every UART can raise it at once). The firmware has
// set the line up (115200 8N1), except the PC's COM1, which we program ourselves.
import { load8, load32, store8, store32, portIn8, portOut8, panicConsole } from "../hal/hal";
import { UartInfo } from "../boot/bootinfo";

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

// 16550 registers (index before shifting).
const THR: u32 = 0;
const IER: u32 = 1;
const IIR: u32 = 2; // read; FCR when written
const FCR: u32 = 2;
const LCR: u32 = 3;
const MCR: u32 = 4;
const LSR: u32 = 5;
const LSR_THR_EMPTY: u32 = 0x20;
const LSR_DATA_READY: u32 = 0x01;
const RBR: u32 = 0; // read
const IER_THR_EMPTY: u32 = 0x02;
const IIR_NONE: u32 = 0x01;
const IIR_ID: u32 = 0x0e;
const IIR_THR_EMPTY: u32 = 0x02;
const MCR_OUT2: u32 = 0x08; // gates the interrupt line on PC serial ports
// SiFive UART registers.
const SIFIVE_TXDATA: u64 = 0;
const SIFIVE_TXCTRL: u64 = 8;
const SIFIVE_RXDATA: u64 = 4;
const SIFIVE_RXCTRL: u64 = 0xc;
const SIFIVE_RX_EMPTY: u32 = 0x80000000;
const SIFIVE_IE: u64 = 0x10;
const SIFIVE_IP: u64 = 0x14;
const SIFIVE_TX_FULL: u32 = 0x80000000;
const SIFIVE_TXWM: u32 = 1;            // in ie and ip: fewer than txcnt entries queued
const SIFIVE_TXCNT_1: u32 = 1 << 16;   // txctrl watermark: pending when the FIFO is empty

// What interruptCause() reports.
export const UART_INT_NONE: u32 = 0;
export const UART_INT_TX_EMPTY: u32 = 1;
export const UART_INT_OTHER: u32 = 2;

const SPIN_LIMIT = 1000000; // never hang on a dead UART

export class Uart {
  kind: u32 = UART_NONE;
  base: u64 = 0;      // virtual MMIO base, or the I/O port
  shift: u32 = 0;
  width: u32 = 1;

  // `hhdm` turns the physical MMIO base into a virtual one.
  init(info: UartInfo, hhdm: u64): void {
    this.kind = info.kind;
    this.shift = info.regShift;
    this.width = info.regWidth;
    this.base = info.kind == UART_PIO_16550 ? info.base : hhdm + info.base;
    if (this.kind == UART_PIO_16550) {
      this.write(IER, 0x00);
      this.write(LCR, 0x80);   // divisor latch
      this.write(THR, 0x01);   // 115200 baud
      this.write(IER, 0x00);
      this.write(LCR, 0x03);   // 8N1
      this.write(FCR, 0xc7);   // FIFOs on, cleared
      this.write(MCR, 0x03 | MCR_OUT2);
    } else if (this.kind == UART_SIFIVE) {
      store32(this.base + SIFIVE_TXCTRL, 1); // txen
      store32(this.base + SIFIVE_RXCTRL, 1); // rxen
    }
    panicConsole(this.kind, this.base, this.shift, this.width);
  }

  private write(reg: u32, v: u32): void {
    if (this.kind == UART_PIO_16550) { portOut8(<u32>this.base + reg, v); return; }
    const a = this.base + (<u64>reg << this.shift);
    if (this.width == 4) store32(a, v); else store8(a, v);
  }

  private read(reg: u32): u32 {
    if (this.kind == UART_PIO_16550) return portIn8(<u32>this.base + reg);
    const a = this.base + (<u64>reg << this.shift);
    return this.width == 4 ? load32(a) : load8(a);
  }

  // The transmitter-empty interrupt on or off. On while the transmitter is
  // empty, the UART raises it at once.
  setTxInterrupt(on: bool): void {
    if (this.kind == UART_NONE) return;
    if (this.kind == UART_SIFIVE) {
      store32(this.base + SIFIVE_TXCTRL, 1 | SIFIVE_TXCNT_1);
      store32(this.base + SIFIVE_IE, on ? SIFIVE_TXWM : 0);
      return;
    }
    this.write(IER, on ? IER_THR_EMPTY : 0);
  }

  // Why the UART interrupts. On a 16550 reading IIR also acknowledges a
  // transmitter-empty interrupt; SiFive's stays pending while enabled.
  lastIdentification: u32 = 0; // the raw IIR / ip value
  interruptCause(): u32 {
    if (this.kind == UART_NONE) return UART_INT_NONE;
    if (this.kind == UART_SIFIVE) {
      const ip = load32(this.base + SIFIVE_IP);
      this.lastIdentification = ip;
      return (ip & SIFIVE_TXWM) != 0 ? UART_INT_TX_EMPTY : ip != 0 ? UART_INT_OTHER : UART_INT_NONE;
    }
    const iir = this.read(IIR);
    this.lastIdentification = iir;
    if ((iir & IIR_NONE) != 0) return UART_INT_NONE;
    return (iir & IIR_ID) == IIR_THR_EMPTY ? UART_INT_TX_EMPTY : UART_INT_OTHER;
  }

  // One received byte, or -1 if none is waiting.
  getc(): i32 {
    if (this.kind == UART_NONE) return -1;
    if (this.kind == UART_SIFIVE) {
      const v = load32(this.base + SIFIVE_RXDATA);
      return (v & SIFIVE_RX_EMPTY) != 0 ? -1 : <i32>(v & 0xff);
    }
    return (this.read(LSR) & LSR_DATA_READY) != 0 ? <i32>(this.read(RBR) & 0xff) : -1;
  }

  putc(c: u32): void {
    if (this.kind == UART_NONE) return;
    if (this.kind == UART_SIFIVE) {
      for (let i = 0; i < SPIN_LIMIT && (load32(this.base + SIFIVE_TXDATA) & SIFIVE_TX_FULL) != 0; i++) {}
      store32(this.base + SIFIVE_TXDATA, c);
      return;
    }
    for (let i = 0; i < SPIN_LIMIT && (this.read(LSR) & LSR_THR_EMPTY) == 0; i++) {}
    this.write(THR, c);
  }
}
