// SiFive's UART (sifive,uart0: QEMU's sifive_u, the FU540/FU740): transmit and
// receive FIFOs behind one word register each, and a watermark interrupt.
import { load32, store32 } from "../../hal/memory";
import { panicConsole } from "../../hal/panic";
import { Uart, SPIN_LIMIT, UART_SIFIVE, UART_INT_NONE, UART_INT_TX_EMPTY, UART_INT_OTHER } from "./uart";

const TXDATA: u64 = 0;
const RXDATA: u64 = 4;
const TXCTRL: u64 = 8;
const RXCTRL: u64 = 0xc;
const IE: u64 = 0x10;
const IP: u64 = 0x14;
const TX_FULL: u32 = 0x80000000;
const RX_EMPTY: u32 = 0x80000000;
const TXWM: u32 = 1; // in ie and ip: fewer than txcnt entries queued
const TXCNT_1: u32 = 1 << 16; // txctrl watermark: pending when the FIFO is empty

export class SifiveUart implements Uart {
  private ip: u32 = 0;

  constructor(public base: u64) {
    store32(base + TXCTRL, 1); // txen
    store32(base + RXCTRL, 1); // rxen
    panicConsole(UART_SIFIVE, base, 0, 4);
  }

  putc(c: u32): void {
    for (let i = 0; i < SPIN_LIMIT && (load32(this.base + TXDATA) & TX_FULL) != 0; i++) {}
    store32(this.base + TXDATA, c);
  }

  getc(): i32 {
    const v = load32(this.base + RXDATA);
    return (v & RX_EMPTY) != 0 ? -1 : <i32>(v & 0xff);
  }

  setTxInterrupt(on: bool): void {
    store32(this.base + TXCTRL, 1 | TXCNT_1);
    store32(this.base + IE, on ? TXWM : 0);
  }

  // Unlike a 16550's, the watermark interrupt stays pending while enabled.
  interruptCause(): u32 {
    const ip = load32(this.base + IP);
    this.ip = ip;
    return (ip & TXWM) != 0 ? UART_INT_TX_EMPTY : ip != 0 ? UART_INT_OTHER : UART_INT_NONE;
  }

  lastIdentification(): u32 {
    return this.ip;
  }
}
