// The riscv64 platform (hal/platform.ts): the SBI timer, the PLIC, SBI HSM
// (or Limine) to start harts, Sv39/Sv48 paging, and power-off through the
// sifive_test device when the device tree has one (QEMU exits with status 0
// for 0x5555, status N for 0x3333 | N << 16), else SBI system reset, else
// the legacy SBI shutdown.
import { Platform, Paging, Power } from "../platform";
import { BootInfo } from "../../boot/bootinfo";
import { PteFormat } from "../../kernel/mm/pagetable";
import { store32 } from "../memory";
import { halt } from "../cpu";
import { addressBits } from "../mmu";
import { RiscvPte } from "./paging";
import { SbiTimer } from "./timer";
import { PlicController } from "./plic";
import { RiscvCpuStarter } from "./smp";
import { sbiCall, SBI_EXT_SRST, SBI_LEGACY_SHUTDOWN } from "./sbi";

// The C panic path powers off through the same device (virtual address, 0: none).
@external("riscv", "set_panic_poweroff") declare function setPanicPoweroff(addr: u64): void;

class RiscvPaging implements Paging {
  pteFormat(): PteFormat {
    return new RiscvPte(<i32>addressBits());
  }
  get lowMemoryReserve(): u64 {
    return 0;
  }
}

export class RiscvPower implements Power {
  // `device`: the sifive_test register's virtual address, 0 if none.
  constructor(public device: u64) {
    setPanicPoweroff(device);
  }
  poweroff(ok: bool): void {
    if (this.device != 0) store32(this.device, ok ? 0x5555 : 0x13333);
    sbiCall(SBI_EXT_SRST, 0, 0, ok ? 0 : 1, 0);
    sbiCall(SBI_LEGACY_SHUTDOWN, 0, 0, 0, 0);
    halt();
  }
}

export function riscvPower(info: BootInfo): RiscvPower {
  return new RiscvPower(info.poweroffBase != 0 ? info.hhdm + info.poweroffBase : 0);
}

export function riscvPlatform(info: BootInfo): Platform {
  const hart = info.bootHart >= 0 ? <u32>info.bootHart : 0;
  return new Platform(
    "riscv64",
    new RiscvPaging(),
    new SbiTimer(info.timebaseHz),
    new PlicController(),
    new RiscvCpuStarter(hart),
    riscvPower(info),
    0x00008067 /* jalr x0, 0(ra) */,
    "sstatus.SUM stays clear",
  );
}
