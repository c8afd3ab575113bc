// The driver for a memory-mapped UART the boot info describes (riscv64's
// console). A port-I/O UART is the PC's, made by hal/x86_64/entry.ts.
import { UartInfo } from "../../boot/bootinfo";
import { Uart, NoUart, UART_SIFIVE, UART_NS16550A, UART_DW_APB } from "./uart";
import { Ns16550, MmioRegisters } from "./ns16550";
import { SifiveUart } from "./sifive";

// `hhdm` turns the UART's physical base into a virtual one.
export function mmioUart(info: UartInfo, hhdm: u64): Uart {
  const base = hhdm + info.base;
  if (info.kind == UART_SIFIVE) return new SifiveUart(base);
  if (info.kind == UART_NS16550A || info.kind == UART_DW_APB) {
    return new Ns16550(info.kind, new MmioRegisters(base, info.regShift, info.regWidth), false);
  }
  return new NoUart();
}
