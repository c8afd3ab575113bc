// x86 port I/O (module "x86", hal/x86_64/cpu.c): the PIT, COM1, QEMU's
// isa-debug-exit. Only x86_64 code imports it.
import { RegisterBus } from "../../drivers/uart/ns16550";

@external("x86", "in8") export declare function portIn8(port: u32): u32;
@external("x86", "out8") export declare function portOut8(port: u32, v: u32): void;
@external("x86", "out32") export declare function portOut32(port: u32, v: u32): void;

// A 16550's registers as I/O ports from `base` (COM1: 0x3f8).
export class PortRegisters implements RegisterBus {
  shift: u32 = 0;
  width: u32 = 1;
  constructor(public base: u64) {}
  read(reg: u32): u32 {
    return portIn8(<u32>this.base + reg);
  }
  write(reg: u32, v: u32): void {
    portOut8(<u32>this.base + reg, v);
  }
}
