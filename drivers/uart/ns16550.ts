// The 16550 family (the PC's COM ports, QEMU's ns16550a, the JH7110's
// snps,dw-apb-uart): eight byte-wide registers, reached through memory (with
// a register shift and access width) or through x86 port I/O, which is the
// platform's (hal/x86_64/ports.ts): the driver only sees RegisterBus. The
// firmware has set the line up (115200 8N1), except the PC's COM1, which we
// program ourselves.
import { load8, load32, store8, store32 } from "../../hal/memory";
import { panicConsole } from "../../hal/panic";
import { Uart, SPIN_LIMIT, UART_INT_NONE, UART_INT_TX_EMPTY, UART_INT_OTHER } from "./uart";

// Register indexes (before shifting).
const THR: u32 = 0;
const RBR: u32 = 0; // read
const IER: u32 = 1;
const IIR: u32 = 2; // read; FCR when written
const FCR: u32 = 2;
const LCR: u32 = 3;
const MCR: u32 = 4;
const LSR: u32 = 5;
const LSR_THR_EMPTY: u32 = 0x20;
const LSR_DATA_READY: u32 = 0x01;
const IER_THR_EMPTY: u32 = 0x02;
const IIR_NONE: u32 = 0x01;
const IIR_ID: u32 = 0x0e;
const IIR_THR_EMPTY: u32 = 0x02;
const MCR_OUT2: u32 = 0x08; // gates the interrupt line on PC serial ports

// How the registers are reached. `base`, `shift` and `width` also describe
// them to the C panic path, which prints without TS (base: a virtual address,
// or the port of a port-I/O UART).
export interface RegisterBus {
  read(reg: u32): u32;
  write(reg: u32, v: u32): void;
  readonly base: u64;
  readonly shift: u32;
  readonly width: u32;
}

export class MmioRegisters implements RegisterBus {
  constructor(
    public base: u64,
    public shift: u32,
    public width: u32,
  ) {}
  read(reg: u32): u32 {
    const a = this.base + ((<u64>reg) << this.shift);
    return this.width == 4 ? load32(a) : load8(a);
  }
  write(reg: u32, v: u32): void {
    const a = this.base + ((<u64>reg) << this.shift);
    if (this.width == 4) store32(a, v);
    else store8(a, v);
  }
}

export class Ns16550 implements Uart {
  private iir: u32 = 0;

  // `kind` is the boot info's (drivers/uart/uart.ts); `programLine` sets
  // 115200 8N1 and the interrupt gate, for a port nobody set up before us.
  constructor(
    kind: u32,
    public regs: RegisterBus,
    programLine: bool,
  ) {
    if (programLine) {
      regs.write(IER, 0x00);
      regs.write(LCR, 0x80); // divisor latch
      regs.write(THR, 0x01); // 115200 baud
      regs.write(IER, 0x00);
      regs.write(LCR, 0x03); // 8N1
      regs.write(FCR, 0xc7); // FIFOs on, cleared
      regs.write(MCR, 0x03 | MCR_OUT2);
    }
    panicConsole(kind, regs.base, regs.shift, regs.width);
  }

  putc(c: u32): void {
    for (let i = 0; i < SPIN_LIMIT && (this.regs.read(LSR) & LSR_THR_EMPTY) == 0; i++) {}
    this.regs.write(THR, c);
  }

  getc(): i32 {
    return (this.regs.read(LSR) & LSR_DATA_READY) != 0 ? <i32>(this.regs.read(RBR) & 0xff) : -1;
  }

  setTxInterrupt(on: bool): void {
    this.regs.write(IER, on ? IER_THR_EMPTY : 0);
  }

  // Reading IIR also acknowledges a transmitter-empty interrupt.
  interruptCause(): u32 {
    const iir = this.regs.read(IIR);
    this.iir = iir;
    if ((iir & IIR_NONE) != 0) return UART_INT_NONE;
    return (iir & IIR_ID) == IIR_THR_EMPTY ? UART_INT_TX_EMPTY : UART_INT_OTHER;
  }

  lastIdentification(): u32 {
    return this.iir;
  }
}
