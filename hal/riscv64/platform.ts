// riscv64 platform: power-off through the sifive_test device when the device
// tree has one (QEMU exits with status 0 for 0x5555, status N for
// 0x3333 | N << 16), else SBI system reset, else the legacy SBI shutdown.
import { Platform } from "../../kernel/platform";
import { BootInfo } from "../../kernel/bootinfo";
import { store32, sbiCall, halt, pagingMode } from "../hal";
import { PteFormat } from "../../kernel/pagetable";
import { RiscvPte } from "./paging";

const SBI_EXT_SRST: u32 = 0x53525354;
const SBI_LEGACY_SHUTDOWN: u32 = 8;

export class RiscvPlatform extends Platform {
  get arch(): string { return "riscv64"; }
  get lowMemoryReserve(): u64 { return 0; }
  pteFormat(): PteFormat { return new RiscvPte(<i32>pagingMode()); }
  get returnInstruction(): u32 { return 0x00008067; } // jalr x0, 0(ra)

  poweroff(ok: bool, info: BootInfo): void {
    if (info.poweroffBase != 0) store32(info.hhdm + info.poweroffBase, ok ? 0x5555 : 0x13333);
    sbiCall(SBI_EXT_SRST, 0, 0, ok ? 0 : 1, 0);
    sbiCall(SBI_LEGACY_SHUTDOWN, 0, 0, 0, 0);
    halt();
  }
}
