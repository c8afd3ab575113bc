import { load8, load64 } from "../hal";
import { BootInfo, MemRegion, MemKind } from "../../kernel/bootinfo";
import { console, println } from "../../kernel/console";
import { kernelMain } from "../../kernel/main";
import { UART_PIO_16550 } from "../../drivers/uart";
import { X86Platform } from "./platform";
export function kernelEntry(proto: u32, info: u64, arg: u64, hhdm: u64, kernelPhys: u64, kernelVirt: u64): void {
  const platform = new X86Platform();
  const boot = new BootInfo();
  boot.hhdm = hhdm; boot.kernelPhys = kernelPhys; boot.kernelVirt = kernelVirt;
  boot.uart.kind = UART_PIO_16550; boot.uart.base = 0x3f8;
  console.init(boot.uart, 0);
  boot.memory.push(new MemRegion(0x100000, 64 << 20, MemKind.Usable));
  boot.protocol = "smoke"; boot.cpuCount = 1;
  const cl = load64(hhdm + info + 24);
  let c = "";
  if (cl != 0) for (let i: u64 = 0; i < 200; i++) { const ch = load8(hhdm + cl + i); if (ch == 0) break; c += String.fromCharCode(ch); }
  boot.cmdline = c;
  kernelMain(boot, platform);
}
